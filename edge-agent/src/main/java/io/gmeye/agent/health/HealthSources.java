package io.gmeye.agent.health;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** What features report into the agent's heartbeat; the app wires them, each defaults to "none". */
public record HealthSources(IntSupplier camerasOnline, IntSupplier camerasTotal, IntSupplier devicesOnline, IntSupplier devicesTotal,
                            LongSupplier whitelistVersion) {
    public static HealthSources none() {
        return new HealthSources(() -> 0, () -> 0, () -> 0, () -> 0, () -> -1);
    }

    public HealthSources withCameras(IntSupplier online, IntSupplier total) {
        return new HealthSources(online, total, devicesOnline, devicesTotal, whitelistVersion);
    }

    public HealthSources withDevices(IntSupplier online, IntSupplier total) {
        return new HealthSources(camerasOnline, camerasTotal, online, total, whitelistVersion);
    }

    public HealthSources withWhitelist(LongSupplier version) {
        return new HealthSources(camerasOnline, camerasTotal, devicesOnline, devicesTotal, version);
    }
}
