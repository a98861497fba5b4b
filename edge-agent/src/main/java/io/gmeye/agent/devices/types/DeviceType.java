package io.gmeye.agent.devices.types;

import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A kind of field device, as data (ThingsBoard calls these profiles): its readings with units
 * and ranges, how often it checks in, the events it may report and the commands it obeys.
 * Loaded from {@code config/device-types/*.yaml}.
 */
public record DeviceType(String type, String name, Duration heartbeat, Map<String, FieldSpec> fields, List<String> events,
                         List<String> commands) implements Validated {
    public DeviceType {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        events = events == null ? List.of() : List.copyOf(events);
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    @Override
    public void validate() {
        if (type == null || !type.matches("[a-z][a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("type: '" + type + "' must be lower-case letters, digits and _");
        }
        if (heartbeat == null || heartbeat.isZero() || heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat: is required (how often the device checks in, e.g. 5m)");
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields: a device type declares at least one reading");
        }
        fields.forEach((n, f) -> f.validate(n));
    }
}
