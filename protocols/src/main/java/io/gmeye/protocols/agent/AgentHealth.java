package io.gmeye.protocols.agent;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * The agent's heartbeat: how long it has run, how its outbox stands (nothing dropped silently:
 * evictions are counted here) and the box's resources.
 *
 * @param whitelistVersion the whitelist version the agent holds, -1 when it keeps none
 * @param inactiveScenes   inspection scenes that are configured but not running, with the reason (a model missing...)
 * @param configVersion    the hub's site configuration (config.bundle) version the agent runs, 0 when it runs its own file's
 * @param clips            event clips kept at the agent and those lost (evicted, expired, discarded, failed); null when it makes none
 * @param recordings       rolling recordings kept at the agent and the segments lost; null when it records no camera
 */
public record AgentHealth(
        String version,
        long uptimeMs,
        OutboxStats outbox,
        double cpuLoad,
        long heapUsedBytes,
        long heapMaxBytes,
        long nativeBytes,
        long diskFreeBytes,
        long diskTotalBytes,
        int camerasOnline,
        int camerasTotal,
        int devicesOnline,
        int devicesTotal,
        long whitelistVersion,
        java.util.Map<String, String> inactiveScenes,
        long configVersion,
        io.gmeye.protocols.clip.ClipStats clips,
        io.gmeye.protocols.clip.RecordingStats recordings) implements Body {
    public AgentHealth {
        Require.present(outbox, "outbox");
        Require.notNegative(uptimeMs, "uptimeMs");
        inactiveScenes = inactiveScenes == null ? java.util.Map.of() : java.util.Map.copyOf(inactiveScenes);
    }

    /** A heartbeat of an agent that records no camera. */
    public AgentHealth(String version, long uptimeMs, OutboxStats outbox, double cpuLoad, long heapUsedBytes, long heapMaxBytes,
                       long nativeBytes, long diskFreeBytes, long diskTotalBytes, int camerasOnline, int camerasTotal, int devicesOnline,
                       int devicesTotal, long whitelistVersion, java.util.Map<String, String> inactiveScenes, long configVersion,
                       io.gmeye.protocols.clip.ClipStats clips) {
        this(version, uptimeMs, outbox, cpuLoad, heapUsedBytes, heapMaxBytes, nativeBytes, diskFreeBytes, diskTotalBytes, camerasOnline,
                camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, configVersion, clips, null);
    }

    /** A heartbeat of an agent that makes no clips. */
    public AgentHealth(String version, long uptimeMs, OutboxStats outbox, double cpuLoad, long heapUsedBytes, long heapMaxBytes,
                       long nativeBytes, long diskFreeBytes, long diskTotalBytes, int camerasOnline, int camerasTotal, int devicesOnline,
                       int devicesTotal, long whitelistVersion, java.util.Map<String, String> inactiveScenes, long configVersion) {
        this(version, uptimeMs, outbox, cpuLoad, heapUsedBytes, heapMaxBytes, nativeBytes, diskFreeBytes, diskTotalBytes, camerasOnline,
                camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, configVersion, null, null);
    }

    /** A heartbeat of an agent that runs its own file's configuration. */
    public AgentHealth(String version, long uptimeMs, OutboxStats outbox, double cpuLoad, long heapUsedBytes, long heapMaxBytes,
                       long nativeBytes, long diskFreeBytes, long diskTotalBytes, int camerasOnline, int camerasTotal, int devicesOnline,
                       int devicesTotal, long whitelistVersion, java.util.Map<String, String> inactiveScenes) {
        this(version, uptimeMs, outbox, cpuLoad, heapUsedBytes, heapMaxBytes, nativeBytes, diskFreeBytes, diskTotalBytes, camerasOnline,
                camerasTotal, devicesOnline, devicesTotal, whitelistVersion, inactiveScenes, 0, null, null);
    }

    /** A heartbeat with no inspection scenes to report. */
    public AgentHealth(String version, long uptimeMs, OutboxStats outbox, double cpuLoad, long heapUsedBytes, long heapMaxBytes,
                       long nativeBytes, long diskFreeBytes, long diskTotalBytes, int camerasOnline, int camerasTotal, int devicesOnline,
                       int devicesTotal, long whitelistVersion) {
        this(version, uptimeMs, outbox, cpuLoad, heapUsedBytes, heapMaxBytes, nativeBytes, diskFreeBytes, diskTotalBytes, camerasOnline,
                camerasTotal, devicesOnline, devicesTotal, whitelistVersion, java.util.Map.of(), 0, null, null);
    }
}
