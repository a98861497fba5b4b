package io.gmeye.agent.devices.types;

import java.util.List;

/**
 * One reading a device type declares.
 *
 * @param kind      number, integer, boolean, text or enum
 * @param unit      shown to people, e.g. "°C", "%", "dB"
 * @param min       smallest accepted value (number, integer), null for none
 * @param max       largest accepted value (number, integer), null for none
 * @param values    the words an enum accepts
 * @param required  a telemetry message without it is refused
 */
public record FieldSpec(String kind, String unit, Double min, Double max, List<String> values, boolean required) {
    public static final List<String> KINDS = List.of("number", "integer", "boolean", "text", "enum");

    public FieldSpec {
        kind = kind == null ? "number" : kind;
        values = values == null ? List.of() : List.copyOf(values);
    }

    void validate(String name) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("fields." + name + ".kind: '" + kind + "' is not one of " + String.join(", ", KINDS));
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("fields." + name + ": min " + min + " is above max " + max);
        }
        if (kind.equals("enum") && values.isEmpty()) {
            throw new IllegalArgumentException("fields." + name + ".values: an enum needs at least one value");
        }
    }
}
