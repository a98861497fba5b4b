package io.gmeye.hub.estate;

import io.gmeye.protocols.device.DeviceHealth;

/** A device's latest connectivity at the hub; times are the hub's. */
public record DeviceStatus(String site, DeviceHealth health, long since, long updatedAt) {
}
