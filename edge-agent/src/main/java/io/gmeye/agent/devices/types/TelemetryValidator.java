package io.gmeye.agent.devices.types;

import io.gmeye.protocols.error.GmeyeException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks readings against their device type. A refusal says which field and why, in words the
 * device's maintainer can act on ("temperature: 212.0 °C is above the maximum 125.0").
 */
public final class TelemetryValidator {
    private TelemetryValidator() {
    }

    /** The readings as accepted (integers as longs, numbers as doubles); throws a bad-request GmeyeException otherwise. */
    public static Map<String, Object> validate(DeviceType type, Map<String, Object> values) {
        if (values.isEmpty()) {
            throw GmeyeException.badRequest("values: no readings in the message");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            FieldSpec spec = type.fields().get(e.getKey());
            if (spec == null) {
                throw GmeyeException.badRequest(e.getKey() + ": not a reading of type " + type.type() + " (it has " + String.join(", ",
                        new java.util.TreeSet<>(type.fields().keySet())) + ")");
            }
            out.put(e.getKey(), check(e.getKey(), spec, e.getValue()));
        }
        for (Map.Entry<String, FieldSpec> f : type.fields().entrySet()) {
            if (f.getValue().required() && !values.containsKey(f.getKey())) {
                throw GmeyeException.badRequest(f.getKey() + ": is required for type " + type.type());
            }
        }
        return out;
    }

    private static Object check(String name, FieldSpec spec, Object v) {
        return switch (spec.kind()) {
            case "number" -> range(name, spec, number(name, v));
            case "integer" -> {
                double d = number(name, v);
                if (d != Math.rint(d)) {
                    throw GmeyeException.badRequest(name + ": expected a whole number, got " + v);
                }
                range(name, spec, d);
                yield (long) d;
            }
            case "boolean" -> {
                if (!(v instanceof Boolean)) {
                    throw GmeyeException.badRequest(name + ": expected true or false, got " + describe(v));
                }
                yield v;
            }
            case "enum" -> {
                if (!(v instanceof String s) || !spec.values().contains(s)) {
                    throw GmeyeException.badRequest(name + ": " + describe(v) + " is not one of " + String.join(", ", spec.values()));
                }
                yield s;
            }
            default -> {
                if (!(v instanceof String s)) {
                    throw GmeyeException.badRequest(name + ": expected text, got " + describe(v));
                }
                if (s.length() > 256) {
                    throw GmeyeException.badRequest(name + ": text longer than 256 characters");
                }
                yield s;
            }
        };
    }

    private static double number(String name, Object v) {
        if (!(v instanceof Number n)) {
            throw GmeyeException.badRequest(name + ": expected a number, got " + describe(v));
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw GmeyeException.badRequest(name + ": must be a finite number");
        }
        return d;
    }

    private static double range(String name, FieldSpec spec, double d) {
        String unit = spec.unit() == null ? "" : " " + spec.unit();
        if (spec.min() != null && d < spec.min()) {
            throw GmeyeException.badRequest(name + ": " + d + unit + " is below the minimum " + spec.min());
        }
        if (spec.max() != null && d > spec.max()) {
            throw GmeyeException.badRequest(name + ": " + d + unit + " is above the maximum " + spec.max());
        }
        return d;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof java.util.List<?>) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
