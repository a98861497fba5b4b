package io.gmeye.agent.devices.ingest;

import java.util.Map;

/**
 * An event after its data passed the type's declaration: only declared fields, text masked,
 * person references as {@link io.gmeye.protocols.fields.PersonValue}. Handlers judge the rest.
 */
public record DeviceEventIn(String name, String severity, Map<String, Object> data) {
    public DeviceEventIn {
        data = data == null ? Map.of() : data;
    }

    public String text(String key) {
        Object v = data.get(key);
        return v instanceof String s ? s : null;
    }
}
