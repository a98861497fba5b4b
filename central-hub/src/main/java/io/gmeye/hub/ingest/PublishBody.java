package io.gmeye.hub.ingest;

import io.gmeye.protocols.codec.Decoded;
import io.gmeye.protocols.codec.EnvelopeCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's publish in the log: the envelopes exactly as received (each node parses them with
 * the same codec, so each reaches the same records) and a snapshot's JPEG. Framing: count, then
 * each envelope as length and bytes, then the binary's length (-1: none) and bytes.
 */
public record PublishBody(List<Decoded> messages, byte[] binary) {
    public PublishBody {
        messages = List.copyOf(messages);
    }

    public byte[] encode() {
        int size = 4 + 4 + (binary == null ? 0 : binary.length);
        for (Decoded d : messages) {
            size += 4 + d.raw().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(messages.size());
        for (Decoded d : messages) {
            b.putInt(d.raw().length).put(d.raw());
        }
        b.putInt(binary == null ? -1 : binary.length);
        if (binary != null) {
            b.put(binary);
        }
        return b.array();
    }

    public static PublishBody decode(byte[] body, EnvelopeCodec codec) {
        ByteBuffer b = ByteBuffer.wrap(body);
        int n = b.getInt();
        List<Decoded> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] raw = new byte[b.getInt()];
            b.get(raw);
            out.add(codec.decodeWithRaw(raw));
        }
        int len = b.getInt();
        byte[] binary = null;
        if (len >= 0) {
            binary = new byte[len];
            b.get(binary);
        }
        return new PublishBody(out, binary);
    }
}
