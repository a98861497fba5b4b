package io.gmeye.agent.outbox;

import io.gmeye.protocols.envelope.MessageType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One queued message as stored: its type (which names the topic), the encoded envelope, and for
 * binary types the payload. {@code appendedAt} is the agent's clock at append, for the age of
 * the oldest undelivered record.
 */
public record OutboxRecord(long seq, Priority priority, MessageType type, long appendedAt, byte[] envelope, byte[] binary) {
    private static final byte FORMAT = 1;

    public int size() {
        return envelope.length + (binary == null ? 0 : binary.length);
    }

    byte[] toBytes() {
        byte[] typeName = type.wire().getBytes(StandardCharsets.US_ASCII);
        int binLen = binary == null ? 0 : binary.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 1 + typeName.length + 4 + envelope.length + binLen);
        b.put(FORMAT).putLong(appendedAt).put((byte) typeName.length).put(typeName).putInt(envelope.length).put(envelope);
        if (binary != null) {
            b.put(binary);
        }
        return b.array();
    }

    static OutboxRecord fromBytes(long seq, Priority priority, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalStateException("outbox record " + seq + " has unknown format " + format);
        }
        long appendedAt = b.getLong();
        byte[] typeName = new byte[b.get()];
        b.get(typeName);
        byte[] env = new byte[b.getInt()];
        b.get(env);
        byte[] bin = b.remaining() > 0 ? new byte[b.remaining()] : null;
        if (bin != null) {
            b.get(bin);
        }
        return new OutboxRecord(seq, priority, MessageType.of(new String(typeName, StandardCharsets.US_ASCII)), appendedAt, env, bin);
    }

    static byte[] key(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    static long seqOf(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }
}
