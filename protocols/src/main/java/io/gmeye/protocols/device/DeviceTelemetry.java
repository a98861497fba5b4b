package io.gmeye.protocols.device;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.Map;

/**
 * Readings of one device, already validated at the agent against the device's type.
 *
 * @param deviceTs the device's own clock, kept for reference only; the envelope's ts is the agent's receive time
 * @param values   field name to number, boolean or text, as the type descriptor declares
 */
public record DeviceTelemetry(String device, String deviceType, Long deviceTs, Map<String, Object> values) implements Body {
    public DeviceTelemetry {
        Require.text(device, "device");
        Require.text(deviceType, "deviceType");
        values = values == null ? Map.of() : Map.copyOf(Require.keys(values, "values"));
    }
}
