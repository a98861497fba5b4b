package io.gmeye.protocols.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;

/**
 * The hot path of decoding: envelopes read token by token and bodies bound straight from the
 * stream, without building a tree first (the hub decodes tens of thousands a second on one
 * event loop). It only ever returns an envelope the tree path would accept too; anything
 * unexpected returns null or throws, and the caller falls back to the tree path for the reason.
 */
final class StreamingDecode {
    /** Readers that bind a value in the middle of a stream (the rest of the envelope follows it). */
    private static final Map<MessageType, ObjectReader> BODY_READERS = new EnumMap<>(MessageType.class);
    private static final ObjectReader TREE_READER =
            Json.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        for (MessageType t : MessageType.values()) {
            BODY_READERS.put(t, Json.mapper().readerFor(t.bodyClass()).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
        }
    }

    private StreamingDecode() {
    }

    /** The envelope in {@code bytes[offset, offset+length)}, or null when it is not of the plain well-formed shape. */
    static Envelope<?> envelope(ObjectMapper mapper, byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = mapper.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Integer v = null;
            MessageType type = null;
            String id = null;
            String site = null;
            String src = null;
            Long ts = null;
            Long seq = null;
            Body body = null;
            JsonNode pendingBody = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v" -> v = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case "type" -> type = value == JsonToken.VALUE_STRING ? MessageType.fromWire(p.getText()).orElse(null) : null;
                    case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "site" -> site = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "src" -> src = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "ts" -> ts = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "body" -> {
                        if (value != JsonToken.START_OBJECT) {
                            return null;
                        }
                        if (type != null) {
                            body = BODY_READERS.get(type).readValue(p);
                        } else {
                            pendingBody = TREE_READER.readTree(p); // type came after the body
                        }
                    }
                    default -> p.skipChildren(); // unknown fields are allowed, as on the tree path
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null; // trailing content: let the tree path word it
            }
            if (v == null || v != Envelope.VERSION || type == null || id == null || id.isBlank() || id.length() > EnvelopeCodec.MAX_ID_LENGTH
                    || site == null || !Topics.validId(site) || src == null || src.isBlank() || ts == null || seq == null || seq < 0) {
                return null;
            }
            if (body == null) {
                if (pendingBody == null) {
                    return null;
                }
                body = mapper.treeToValue(pendingBody, type.bodyClass());
            }
            return new Envelope<>(Envelope.VERSION, type, id, site, src, ts, seq, body);
        }
    }

    /** Start and end offsets of each element of a JSON array, or null when the payload is not an array. */
    static List<int[]> elements(ObjectMapper mapper, byte[] payload) {
        try (JsonParser p = mapper.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<int[]> out = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    return null;
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren(); // objects and arrays to their end; scalars are one token
                int end = (int) p.currentLocation().getByteOffset();
                out.add(new int[] {start, end});
            }
            if (p.nextToken() != null) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    /** The id of an element, when it has a readable one: for naming a refused record. */
    static String idOf(ObjectMapper mapper, byte[] bytes, int from, int to) {
        try {
            JsonNode n = mapper.readTree(bytes, from, to - from);
            JsonNode id = n == null ? null : n.get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
