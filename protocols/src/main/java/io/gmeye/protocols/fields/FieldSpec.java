package io.gmeye.protocols.fields;

import java.util.List;

/**
 * One declared field of a device type's reading or event (and of a command's arguments): its
 * kind and the limits of that kind. Loaded from YAML, e.g.
 * {@code temperature: {kind: number, unit: "°C", min: -40, max: 85, required: true}}.
 *
 * @param kind      what it holds; number when left out
 * @param unit      shown to people, e.g. "°C", "%", "dB" (number, integer)
 * @param min       smallest accepted value (number, integer: required)
 * @param max       largest accepted value (number, integer: required)
 * @param values    the words an enum accepts
 * @param maxLength longest accepted text (text: 256, person: 64 when left out)
 * @param required  a message without it is refused
 */
public record FieldSpec(FieldKind kind, String unit, Double min, Double max, List<String> values, Integer maxLength, boolean required) {
    /**
     * Numbers are limited below the smallest mobile number (11 digits) and ID number (15, 18
     * digits), so neither can pass as a reading: a person's number is never a measurement.
     */
    public static final double LIMIT = 9_999_999_999d;
    public static final int TEXT_LENGTH = 256;
    public static final int PERSON_LENGTH = 64;

    public FieldSpec {
        kind = kind == null ? FieldKind.NUMBER : kind;
        values = values == null ? List.of() : List.copyOf(values);
        if (maxLength == null && kind == FieldKind.TEXT) {
            maxLength = TEXT_LENGTH;
        } else if (maxLength == null && kind == FieldKind.PERSON) {
            maxLength = PERSON_LENGTH;
        }
    }

    public static FieldSpec number(double min, double max, String unit, boolean required) {
        return new FieldSpec(FieldKind.NUMBER, unit, min, max, null, null, required);
    }

    public static FieldSpec words(boolean required, String... values) {
        return new FieldSpec(FieldKind.ENUM, null, null, null, List.of(values), null, required);
    }

    public static FieldSpec text(int maxLength, boolean required) {
        return new FieldSpec(FieldKind.TEXT, null, null, null, null, maxLength, required);
    }

    /** Throws IllegalArgumentException "{path}.{what}: problem" for a declaration that cannot be checked against. */
    public void validate(String path) {
        boolean numeric = kind == FieldKind.NUMBER || kind == FieldKind.INTEGER;
        if (numeric) {
            if (min == null || max == null) {
                throw new IllegalArgumentException(path + ": kind " + kind.wire() + " requires both min and max");
            }
            if (min > max) {
                throw new IllegalArgumentException(path + ": min " + min + " is above max " + max);
            }
            if (Math.abs(min) > LIMIT || Math.abs(max) > LIMIT) {
                throw new IllegalArgumentException(path + ": limits must lie within ±" + (long) LIMIT
                        + " (an 11-digit mobile or an ID number must not fit in a number)");
            }
        } else if (min != null || max != null || unit != null) {
            throw new IllegalArgumentException(path + ": only a number or an integer has min, max and unit");
        }
        if (kind == FieldKind.ENUM) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException(path + ".values: an enum needs at least one value");
            }
            for (String v : values) {
                if (v == null || v.isBlank() || !PersonalData.scrub(v).clean()) {
                    throw new IllegalArgumentException(path + ".values: '" + PersonalData.scrub(String.valueOf(v)).text()
                            + "' is not a word an enum can hold");
                }
            }
        } else if (!values.isEmpty()) {
            throw new IllegalArgumentException(path + ".values: only an enum has values");
        }
        if (kind == FieldKind.TEXT || kind == FieldKind.PERSON) {
            if (maxLength < 1 || maxLength > 4096) {
                throw new IllegalArgumentException(path + ".maxLength: must be 1..4096, got " + maxLength);
            }
        } else if (maxLength != null) {
            throw new IllegalArgumentException(path + ".maxLength: only text and person have a maxLength");
        }
    }
}
