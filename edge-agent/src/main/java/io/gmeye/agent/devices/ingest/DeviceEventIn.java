package io.gmeye.agent.devices.ingest;

import java.util.Map;

/** An event as a device sent it, parsed but not yet judged. */
public record DeviceEventIn(String name, String severity, Map<String, Object> data) {
    public DeviceEventIn {
        data = data == null ? Map.of() : data;
    }

    public String text(String key) {
        Object v = data.get(key);
        return v instanceof String s ? s : null;
    }
}
