package io.gmeye.protocols.device;

import io.gmeye.protocols.envelope.Require;
import java.util.Map;

/**
 * A command as a device receives it on {@code dev/v1/{id}/cmd} (MQTT) or by observing
 * {@code /v1/{id}/cmd} (CoAP).
 *
 * @param expiresAt agent time after which the device should not act on it, 0 for none
 */
public record DeviceCommandMessage(String commandId, String name, Map<String, Object> params, long expiresAt) {
    public DeviceCommandMessage {
        Require.text(commandId, "commandId");
        Require.text(name, "name");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
