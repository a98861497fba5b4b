package io.gmeye.rigs.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Turns a valid payload into a nearly valid one, the way bugs and attackers do: byte-level
 * (bit flips, truncation, insertion, deletion) and structure-level (field deleted, duplicated,
 * type swapped, huge or odd numbers, deep nesting, unicode traps, oversize strings). Seeded: the
 * same seed gives the same input, so a finding can be replayed.
 */
public final class Mutator {
    /** What was done, for the report. */
    public enum Kind {
        BIT_FLIP, TRUNCATE, INSERT_BYTES, DELETE_BYTES, DELETE_FIELD, DUPLICATE_FIELD, SWAP_TYPE, HUGE_NUMBER, DEEP_NESTING, UNICODE, OVERSIZE,
        EMPTY, NOT_JSON
    }

    /** One mutated input. */
    public record Mutation(Kind kind, byte[] bytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] UNICODE = {"\u0000", "\uD800", "\uDFFF", "\u202E", "\u200B", "\uFEFF", "\uD83D\uDE00", "é", "光明之眼", "\\u0000",
        "%s%n", "'; DROP TABLE x; --", "../../etc/passwd", "\r\n", "gm/v1/+/#"};
    private static final Object[] ODD_NUMBERS = {Long.MAX_VALUE, Long.MIN_VALUE, new BigInteger("123456789012345678901234567890"), 1e308, -1e308,
        Double.MIN_VALUE, -0.0, 0, -1, Integer.MAX_VALUE + 1L, 4.9e-324};

    private final Random random;
    private final int oversizeBytes;

    public Mutator(long seed, int oversizeBytes) {
        this.random = new Random(seed);
        this.oversizeBytes = oversizeBytes;
    }

    public Mutation mutate(byte[] valid) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        try {
            return new Mutation(kind, apply(kind, valid));
        } catch (Exception e) {
            return new Mutation(Kind.BIT_FLIP, bitFlip(valid)); // the structure could not be read back: fall back to bytes
        }
    }

    private byte[] apply(Kind kind, byte[] valid) throws Exception {
        return switch (kind) {
            case BIT_FLIP -> bitFlip(valid);
            case TRUNCATE -> Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length)));
            case INSERT_BYTES -> insert(valid);
            case DELETE_BYTES -> delete(valid);
            case EMPTY -> new byte[random.nextInt(3)];
            case NOT_JSON -> randomBytes(1 + random.nextInt(64));
            case DEEP_NESTING -> deep(valid);
            case OVERSIZE -> oversize(valid);
            default -> structural(kind, valid);
        };
    }

    private byte[] bitFlip(byte[] b) {
        byte[] out = b.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] insert(byte[] b) {
        int at = random.nextInt(b.length + 1);
        byte[] extra = random.nextBoolean() ? randomBytes(1 + random.nextInt(8)) : new byte[] {(byte) "{}[],:\"\\".charAt(random.nextInt(8))};
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        return out;
    }

    private byte[] delete(byte[] b) {
        if (b.length < 2) {
            return new byte[0];
        }
        int at = random.nextInt(b.length - 1);
        int n = 1 + random.nextInt(Math.min(16, b.length - at));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    private byte[] deep(byte[] valid) throws Exception {
        int depth = random.nextBoolean() ? 100 + random.nextInt(900) : 5_000 + random.nextInt(50_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String nest = open.repeat(depth) + "1" + close.repeat(depth);
        JsonNode root = JSON.readTree(valid);
        if (root instanceof ObjectNode o && o.get("body") instanceof ObjectNode body && random.nextBoolean()) {
            // nested inside a real field: gets past the header checks
            String text = new String(valid, StandardCharsets.UTF_8);
            String field = pickField(body);
            if (field != null) {
                return text.replaceFirst("\"" + java.util.regex.Pattern.quote(field) + "\":", "\"" + field + "\":" + nest + ",\"x_" + field + "\":")
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        return nest.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] oversize(byte[] valid) throws Exception {
        JsonNode root = JSON.readTree(valid);
        ObjectNode target = root instanceof ObjectNode o && o.get("body") instanceof ObjectNode b ? b : root instanceof ObjectNode o2 ? o2 : null;
        String big = "x".repeat(oversizeBytes / 2 + random.nextInt(oversizeBytes));
        if (target == null) {
            return (new String(valid, StandardCharsets.UTF_8) + big).getBytes(StandardCharsets.UTF_8);
        }
        String field = pickField(target);
        target.put(field == null ? "padding" : field, big);
        return JSON.writeValueAsBytes(root);
    }

    private byte[] structural(Kind kind, byte[] valid) throws Exception {
        JsonNode root = JSON.readTree(valid);
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        if (objects.isEmpty()) {
            return bitFlip(valid);
        }
        ObjectNode o = objects.get(random.nextInt(objects.size()));
        String field = pickField(o);
        if (field == null) {
            return bitFlip(valid);
        }
        switch (kind) {
            case DELETE_FIELD -> o.remove(field);
            case DUPLICATE_FIELD -> {
                // JSON text with the key twice: Jackson's tree would merge it, so splice the text
                String text = JSON.writeValueAsString(root);
                String key = "\"" + field + "\":";
                int at = text.indexOf(key);
                if (at >= 0) {
                    return (text.substring(0, at) + key + JSON.writeValueAsString(randomValue()) + "," + text.substring(at))
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            case SWAP_TYPE -> o.set(field, randomValue());
            case HUGE_NUMBER -> o.set(field, JSON.valueToTree(ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)]));
            case UNICODE -> o.put(field, UNICODE[random.nextInt(UNICODE.length)] + (random.nextBoolean() ? o.path(field).asText() : ""));
            default -> o.remove(field);
        }
        return JSON.writeValueAsBytes(root);
    }

    private JsonNode randomValue() {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 4 -> NODES.textNode(UNICODE[random.nextInt(UNICODE.length)]);
            case 5 -> NODES.arrayNode().add(1).add("x");
            case 6 -> NODES.objectNode().put("k", "v");
            default -> NODES.textNode("");
        };
    }

    private String pickField(ObjectNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.isEmpty() ? null : names.get(random.nextInt(names.size()));
    }

    private static void collectObjects(JsonNode n, List<ObjectNode> out) {
        if (n instanceof ObjectNode o) {
            out.add(o);
            o.elements().forEachRemaining(c -> collectObjects(c, out));
        } else if (n instanceof ArrayNode a) {
            a.elements().forEachRemaining(c -> collectObjects(c, out));
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public Random random() {
        return random;
    }
}
