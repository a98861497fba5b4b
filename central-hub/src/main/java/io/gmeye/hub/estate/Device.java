package io.gmeye.hub.estate;

import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Tagged;

/**
 * A field device of the estate: its registry entry, its latest connectivity and its latest
 * readings; any but the id may be missing (not registered, never reported, no telemetry yet).
 */
public record Device(String id, Tagged<DeviceEntry> entry, DeviceStatus status, Reading telemetry) {
    public String site() {
        return status != null ? status.site() : entry.entry().site();
    }

    Device withEntry(Tagged<DeviceEntry> e) {
        return new Device(id, e, status, telemetry);
    }

    Device withStatus(DeviceStatus s) {
        return new Device(id, entry, s, telemetry);
    }

    Device withTelemetry(Reading r) {
        return new Device(id, entry, status, r);
    }
}
