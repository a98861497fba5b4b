package io.gmeye.protocols.envelope;

import java.util.List;

/**
 * Checks used by the compact constructors of wire records. A failure names the field, so the
 * codec can say "body.cameras[3].camera: is required" to whoever sent it.
 */
public final class Require {
    private Require() {
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        if (value.length() > 512) {
            throw new IllegalArgumentException(field + ": longer than 512 characters");
        }
        return value;
    }

    /**
     * An optional text: absent is fine, present it has the same bound as {@link #text}. Such fields
     * (a gate, a type, a map key) become keys in the hub's views; an unbounded one once made a
     * stored counter unreadable and every later pass fail (found by ./run bench fuzz).
     */
    public static String optional(String value, String field) {
        if (value != null && value.length() > 512) {
            throw new IllegalArgumentException(field + ": longer than 512 characters");
        }
        return value;
    }

    /** Keys of a free-form map (telemetry values, event data), bounded like any text. */
    public static <V> java.util.Map<String, V> keys(java.util.Map<String, V> map, String field) {
        if (map != null) {
            for (String k : map.keySet()) {
                if (k == null || k.isBlank() || k.length() > 512) {
                    throw new IllegalArgumentException(field + ": a key is empty or longer than 512 characters");
                }
            }
        }
        return map;
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be a finite number");
        }
        return value;
    }

    public static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": must not be negative, got " + value);
        }
        return value;
    }
}
