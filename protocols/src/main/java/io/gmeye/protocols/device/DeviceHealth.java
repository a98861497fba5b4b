package io.gmeye.protocols.device;

import io.gmeye.protocols.envelope.Require;

/**
 * One device's connectivity.
 *
 * @param lastSeen agent time of the last message from the device (server side, never the device clock)
 * @param since    agent time the device entered {@code state}
 * @param rejected messages refused since start (malformed, out of range)
 */
public record DeviceHealth(String device, String deviceType, DeviceState state, long lastSeen, long since, String reason, long rejected) {
    public DeviceHealth {
        Require.text(device, "device");
        Require.present(state, "state");
        Require.optional(deviceType, "deviceType");
    }
}
