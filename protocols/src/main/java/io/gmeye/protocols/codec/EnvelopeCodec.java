package io.gmeye.protocols.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes envelopes to JSON and decodes them with reasons: a refused payload gets a
 * {@link WireException} that names the field and the problem (missing, wrong type, oversize,
 * unknown version, unknown type).
 */
public final class EnvelopeCodec {
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;
    public static final int MAX_ID_LENGTH = 64;

    private final ObjectMapper mapper = Json.mapper();
    private final int maxBytes;
    private final int maxBatchBytes;

    public EnvelopeCodec() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_BATCH_BYTES);
    }

    public EnvelopeCodec(int maxBytes, int maxBatchBytes) {
        this.maxBytes = maxBytes;
        this.maxBatchBytes = maxBatchBytes;
    }

    public byte[] encode(Envelope<?> envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String encodeToString(Envelope<?> envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /** A JSON array of already encoded envelopes: no second serialisation on the hot path. */
    public static byte[] joinBatch(List<byte[]> encoded) {
        int size = 2 + Math.max(0, encoded.size() - 1);
        for (byte[] e : encoded) {
            size += e.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        out[pos++] = '[';
        for (int i = 0; i < encoded.size(); i++) {
            if (i > 0) {
                out[pos++] = ',';
            }
            byte[] e = encoded.get(i);
            System.arraycopy(e, 0, out, pos, e.length);
            pos += e.length;
        }
        out[pos] = ']';
        return out;
    }

    public Envelope<?> decode(byte[] payload) {
        return decodeWithRaw(payload).envelope();
    }

    public Decoded decodeWithRaw(byte[] payload) {
        checkSize(payload, maxBytes);
        return new Decoded(decodeOne(payload, 0, payload.length), payload);
    }

    /**
     * One envelope from {@code bytes[from, to)}: a streaming fast path for well-formed input, and
     * on any surprise the tree path, which accepts exactly the same input and words the reason.
     */
    private Envelope<?> decodeOne(byte[] bytes, int from, int to) {
        try {
            Envelope<?> e = StreamingDecode.envelope(mapper, bytes, from, to - from);
            if (e != null) {
                return e;
            }
        } catch (IOException | RuntimeException fallThrough) {
            // the tree path below says precisely what is wrong
        }
        return fromTree(parse(bytes, from, to - from));
    }

    /** Decodes and checks that the payload is the type its topic announced. */
    public Decoded decode(byte[] payload, MessageType expected) {
        Decoded d = decodeWithRaw(payload);
        if (d.envelope().type() != expected) {
            throw WireException.bad("type: the topic announces " + expected.wire() + " but the payload says " + d.envelope().type().wire());
        }
        return d;
    }

    public BatchResult decodeBatch(byte[] payload) {
        checkSize(payload, maxBatchBytes);
        List<int[]> slices = StreamingDecode.elements(mapper, payload);
        if (slices == null) {
            parse(payload, 0, payload.length); // throws with the reason when it is not JSON at all
            throw WireException.bad("a batch must be a JSON array of envelopes");
        }
        List<Decoded> ok = new ArrayList<>(slices.size());
        List<BatchResult.Rejected> bad = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            int[] sl = slices.get(i);
            try {
                Envelope<?> e = decodeOne(payload, sl[0], sl[1]);
                if (e.type().binary()) {
                    throw WireException.bad("type: " + e.type().wire() + " travels on its own, not in a batch");
                }
                ok.add(new Decoded(e, java.util.Arrays.copyOfRange(payload, sl[0], sl[1])));
            } catch (WireException ex) {
                bad.add(new BatchResult.Rejected(i, StreamingDecode.idOf(mapper, payload, sl[0], sl[1]), "[" + i + "] " + ex.getMessage()));
            }
        }
        return new BatchResult(ok, bad);
    }

    private static void checkSize(byte[] payload, int limit) {
        if (payload == null || payload.length == 0) {
            throw WireException.bad("payload is empty");
        }
        if (payload.length > limit) {
            throw new WireException(ErrorKind.TOO_LARGE, "payload is " + payload.length + " bytes, over the " + limit + "-byte limit");
        }
    }

    private JsonNode parse(byte[] payload, int offset, int length) {
        try {
            JsonNode n = mapper.readTree(payload, offset, length);
            if (n == null || n.isMissingNode()) {
                throw WireException.bad("payload is not JSON: no value");
            }
            return n;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw WireException.bad("payload is not JSON: " + msg);
        }
    }

    /** Validates the header by hand (for precise reasons) and binds the body to its record. */
    public Envelope<?> fromTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw WireException.bad("an envelope must be a JSON object");
        }
        JsonNode vNode = node.get("v");
        if (vNode == null || vNode.isNull()) {
            throw WireException.bad("v: is required");
        }
        if (!vNode.isIntegralNumber()) {
            throw WireException.bad("v: must be a whole number, got " + describe(vNode));
        }
        if (vNode.asInt() != Envelope.VERSION) {
            throw new WireException(ErrorKind.UNSUPPORTED_VERSION,
                    "v: version " + vNode.asText() + " is not supported (this end speaks " + Envelope.VERSION + ")");
        }
        String typeText = text(node, "type");
        MessageType type = MessageType.fromWire(typeText)
                .orElseThrow(() -> WireException.bad("type: '" + typeText + "' is not a known message type"));
        String id = text(node, "id");
        if (id.length() > MAX_ID_LENGTH) {
            throw WireException.bad("id: longer than " + MAX_ID_LENGTH + " characters");
        }
        String site = text(node, "site");
        if (!Topics.validId(site)) {
            throw WireException.bad("site: '" + site + "' is not a valid site id");
        }
        String src = text(node, "src");
        long ts = number(node, "ts");
        long seq = number(node, "seq");
        if (seq < 0) {
            throw WireException.bad("seq: must not be negative");
        }
        JsonNode bodyNode = node.get("body");
        if (bodyNode == null || bodyNode.isNull()) {
            throw WireException.bad("body: is required");
        }
        if (!bodyNode.isObject()) {
            throw WireException.bad("body: must be an object, got " + describe(bodyNode));
        }
        Body body = bindBody(type, bodyNode);
        return new Envelope<>(Envelope.VERSION, type, id, site, src, ts, seq, body);
    }

    public <B extends Body> B bindBody(MessageType type, JsonNode bodyNode) {
        try {
            @SuppressWarnings("unchecked")
            B body = (B) mapper.treeToValue(bodyNode, type.bodyClass());
            return body;
        } catch (JsonMappingException e) {
            throw WireException.bad(describe(e, bodyNode));
        } catch (IllegalArgumentException e) {
            throw WireException.bad("body." + e.getMessage());
        } catch (JsonProcessingException e) {
            throw WireException.bad("body: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw WireException.bad(field + ": is required");
        }
        if (!n.isTextual()) {
            throw WireException.bad(field + ": must be a string, got " + describe(n));
        }
        if (n.asText().isBlank()) {
            throw WireException.bad(field + ": must not be empty");
        }
        return n.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw WireException.bad(field + ": is required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw WireException.bad(field + ": must be a whole number, got " + describe(n));
        }
        return n.asLong();
    }

    private static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase();
        };
    }

    /** "body.cameras[2].state: 'sleepy' is not one of online, ..." from whatever Jackson threw. */
    private static String describe(JsonMappingException e, JsonNode bodyNode) {
        StringBuilder path = new StringBuilder("body");
        JsonNode at = bodyNode;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
                at = at == null ? null : at.get(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
                at = at == null ? null : at.get(ref.getIndex());
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            String m = iae.getMessage();
            // record checks name their own field ("camera: is required"); enum parsers do not
            return m.matches("^[A-Za-z][A-Za-z0-9]*: .*") ? path + "." + m : path + ": " + m;
        }
        if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            return path + ": expected " + simpleType(mie.getTargetType()) + ", got " + (at == null ? "nothing" : value(at));
        }
        return path + ": " + firstLine(e.getOriginalMessage());
    }

    private static String value(JsonNode n) {
        if (n.isTextual()) {
            String s = n.asText();
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        return describe(n);
    }

    private static String simpleType(Class<?> t) {
        if (t == null) {
            return "a value";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return "a whole number";
        }
        if (t == double.class || t == Double.class || t == float.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "a boolean";
        }
        if (java.util.List.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        return t.getSimpleName();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
