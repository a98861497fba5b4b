package io.gmeye.agent.health;

import io.gmeye.protocols.clip.ClipStats;
import io.gmeye.protocols.clip.RecordingStats;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** What features report into the agent's heartbeat; the app wires them, each defaults to "none". */
public record HealthSources(IntSupplier camerasOnline, IntSupplier camerasTotal, IntSupplier devicesOnline, IntSupplier devicesTotal,
                            LongSupplier whitelistVersion, Supplier<Map<String, String>> inactiveScenes, LongSupplier configVersion,
                            Supplier<ClipStats> clips, Supplier<RecordingStats> recordings) {
    public static HealthSources none() {
        return new HealthSources(() -> 0, () -> 0, () -> 0, () -> 0, () -> -1, Map::of, () -> 0, () -> null, () -> null);
    }

    /** The event clips kept and lost (null: the agent makes none). */
    public HealthSources withClips(Supplier<ClipStats> stats) {
        return new HealthSources(camerasOnline, camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, configVersion, stats,
                recordings);
    }

    /** The rolling recordings kept and lost (null: the agent records no camera). */
    public HealthSources withRecordings(Supplier<RecordingStats> stats) {
        return new HealthSources(camerasOnline, camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, configVersion, clips,
                stats);
    }

    /** The hub configuration version the agent runs (0: its own file's). */
    public HealthSources withConfigVersion(LongSupplier version) {
        return new HealthSources(camerasOnline, camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, version, clips,
                recordings);
    }

    public HealthSources withCameras(IntSupplier online, IntSupplier total) {
        return new HealthSources(online, total, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, configVersion, clips,
                recordings);
    }

    public HealthSources withDevices(IntSupplier online, IntSupplier total) {
        return new HealthSources(camerasOnline, camerasTotal, online, total, whitelistVersion, inactiveScenes, configVersion, clips,
                recordings);
    }

    public HealthSources withWhitelist(LongSupplier version) {
        return new HealthSources(camerasOnline, camerasTotal, devicesOnline, devicesTotal, version, inactiveScenes, configVersion, clips,
                recordings);
    }

    /** Scene id to the reason it is not running, so the hub sees a missing model, not only the agent's log. */
    public HealthSources withInspection(Supplier<Map<String, String>> inactive) {
        return new HealthSources(camerasOnline, camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactive, configVersion, clips,
                recordings);
    }
}
