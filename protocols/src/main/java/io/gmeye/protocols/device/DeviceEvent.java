package io.gmeye.protocols.device;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.Map;

/** Something a device reports happened (a door forced, smoke detected), as opposed to a reading. */
public record DeviceEvent(String device, String deviceType, String name, String severity, Map<String, Object> data) implements Body {
    public DeviceEvent {
        Require.text(device, "device");
        Require.text(deviceType, "deviceType");
        Require.text(name, "name");
        Require.optional(severity, "severity");
        data = data == null ? Map.of() : Map.copyOf(Require.keys(data, "data"));
    }
}
