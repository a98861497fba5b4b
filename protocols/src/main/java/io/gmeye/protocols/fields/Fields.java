package io.gmeye.protocols.fields;

import io.gmeye.protocols.checkpoint.PersonRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A declared set of fields (a type's readings, one event's data, one command's arguments) and
 * the check every message of that shape passes before anything of it is kept: each value
 * against its kind and limits, text with personal data masked, person references hashed and
 * masked, fields the set does not declare dropped or refused as {@code undeclared} says. A
 * problem names its field in words the device's maintainer can act on, and never repeats a
 * personal number it was given.
 *
 * @param owner      what declares them, for reasons: "type temp_humidity", "event scan of type sentinel"
 * @param prefix     put before field names in reasons ("data." for an event's data)
 * @param specs      the declared fields by name
 * @param undeclared what becomes of a field not in {@code specs}
 */
public record Fields(String owner, String prefix, Map<String, FieldSpec> specs, Undeclared undeclared) {
    private static final long FROM = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long UNTIL = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    public Fields {
        prefix = prefix == null ? "" : prefix;
        specs = specs == null ? Map.of() : Map.copyOf(specs);
        undeclared = undeclared == null ? Undeclared.REFUSE : undeclared;
    }

    /**
     * What a message's fields came to.
     *
     * @param values   the accepted values in the message's order: numbers as doubles, integers and timestamps as longs,
     *                 text masked, person references as {@link PersonValue}
     * @param dropped  how many undeclared fields were left out
     * @param refused  how many undeclared fields are among the problems
     * @param problems each "field: reason"; the message must be refused when there is any
     * @param personal the shapes of personal data masked in text
     * @param persons  how many person references were hashed
     */
    public record Checked(Map<String, Object> values, int dropped, int refused, List<String> problems,
                          Map<PersonalData.Shape, Integer> personal, int persons) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Checks every field, required ones included. {@code persons} hashes person references; null: the site has no salt, they are refused. */
    public Checked check(Map<String, Object> in, PersonRef persons) {
        return check(in, persons, true);
    }

    /** As {@link #check(Map, PersonRef)}; with {@code complete} false a required field may be missing (a partial report). */
    public Checked check(Map<String, Object> in, PersonRef persons, boolean complete) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<PersonalData.Shape, Integer> personal = new EnumMap<>(PersonalData.Shape.class);
        int dropped = 0;
        int refused = 0;
        int hashed = 0;
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String name = e.getKey();
            FieldSpec spec = specs.get(name);
            if (spec == null) {
                if (undeclared == Undeclared.DROP) {
                    dropped++;
                } else {
                    refused++;
                    problems.add(prefix + safe(name) + ": not declared for " + owner + " (it declares " + declared() + ")");
                }
                continue;
            }
            try {
                Object v = value(name, spec, e.getValue(), persons, personal);
                if (v instanceof PersonValue) {
                    hashed++;
                }
                out.put(name, v);
            } catch (IllegalArgumentException bad) {
                problems.add(prefix + bad.getMessage());
            }
        }
        if (complete) {
            for (Map.Entry<String, FieldSpec> f : specs.entrySet()) {
                if (f.getValue().required() && !in.containsKey(f.getKey())) {
                    problems.add(prefix + f.getKey() + ": is required for " + owner);
                }
            }
        }
        return new Checked(out, dropped, refused, List.copyOf(problems), personal, hashed);
    }

    private String declared() {
        return specs.isEmpty() ? "no fields" : String.join(", ", new TreeSet<>(specs.keySet()));
    }

    private static Object value(String name, FieldSpec spec, Object v, PersonRef persons, Map<PersonalData.Shape, Integer> personal) {
        return switch (spec.kind()) {
            case NUMBER -> range(name, spec, number(name, v));
            case INTEGER -> {
                double d = number(name, v);
                if (d != Math.rint(d)) {
                    throw bad(name, "expected a whole number, got " + describe(v));
                }
                range(name, spec, d);
                yield (long) d;
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) {
                    throw bad(name, "expected true or false, got " + describe(v));
                }
                yield v;
            }
            case ENUM -> {
                if (!(v instanceof String s) || !spec.values().contains(s)) {
                    throw bad(name, describe(v) + " is not one of " + String.join(", ", spec.values()));
                }
                yield s;
            }
            case TEXT -> {
                String s = text(name, spec, v);
                PersonalData.Scrubbed scrubbed = PersonalData.scrub(s);
                scrubbed.found().forEach((shape, n) -> personal.merge(shape, n, Integer::sum));
                yield scrubbed.text();
            }
            case PERSON -> {
                String s = text(name, spec, v);
                if (s.isBlank()) {
                    throw bad(name, "a person reference is required, got an empty text");
                }
                if (persons == null) {
                    throw bad(name, "a person reference cannot be taken: this site has no salt to hash it with (checkpoint.salt)");
                }
                yield new PersonValue(persons.hash(s), PersonRef.mask(s));
            }
            case TIMESTAMP -> timestamp(name, v);
        };
    }

    private static String text(String name, FieldSpec spec, Object v) {
        if (!(v instanceof String s)) {
            throw bad(name, "expected text, got " + describe(v));
        }
        if (s.length() > spec.maxLength()) {
            throw bad(name, "text longer than " + spec.maxLength() + " characters");
        }
        return s;
    }

    private static long timestamp(String name, Object v) {
        long ms;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            ms = n.longValue();
        } else if (v instanceof String s) {
            try {
                ms = Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw bad(name, "expected epoch milliseconds or an ISO-8601 time such as 2026-05-01T08:00:00Z, got " + describe(v));
            }
        } else {
            throw bad(name, "expected epoch milliseconds or an ISO-8601 time, got " + describe(v));
        }
        if (ms < FROM || ms >= UNTIL) {
            throw bad(name, describe(v) + " is not a time between 2000 and 2100 (epoch milliseconds)");
        }
        return ms;
    }

    private static double number(String name, Object v) {
        if (!(v instanceof Number n)) {
            throw bad(name, "expected a number, got " + describe(v));
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw bad(name, "must be a finite number");
        }
        return d;
    }

    private static double range(String name, FieldSpec spec, double d) {
        String unit = spec.unit() == null ? "" : " " + spec.unit();
        if (d < spec.min()) {
            throw bad(name, describe(d) + unit + " is below the minimum " + spec.min());
        }
        if (d > spec.max()) {
            throw bad(name, describe(d) + unit + " is above the maximum " + spec.max());
        }
        return d;
    }

    private static IllegalArgumentException bad(String name, String why) {
        return new IllegalArgumentException(name + ": " + why);
    }

    /** A value as a reason may show it: short, with any personal number in it masked (reasons reach logs and devices). */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            String t = safe(s); // masked before it is cut: a cut could leave part of a number no longer recognisable
            return "'" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof Number n && Math.abs(n.doubleValue()) >= 1e10) {
            return "a number of " + String.valueOf(Math.round(Math.abs(n.doubleValue()))).length() + " digits";
        }
        return String.valueOf(v);
    }

    /** A name or text with personal numbers masked, for a reason. */
    public static String safe(String s) {
        return PersonalData.scrub(s).text();
    }
}
