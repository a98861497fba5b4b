package io.gmeye.protocols.agent;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * The agent's heartbeat: how long it has run, how its outbox stands (nothing dropped silently:
 * evictions are counted here) and the box's resources.
 *
 * @param whitelistVersion the whitelist version the agent holds, -1 when it keeps none
 * @param inactiveScenes   inspection scenes that are configured but not running, with the reason (a model missing...)
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
        java.util.Map<String, String> inactiveScenes) implements Body {
    public AgentHealth {
        Require.present(outbox, "outbox");
        Require.notNegative(uptimeMs, "uptimeMs");
        inactiveScenes = inactiveScenes == null ? java.util.Map.of() : java.util.Map.copyOf(inactiveScenes);
    }

    /** A heartbeat with no inspection scenes to report. */
    public AgentHealth(String version, long uptimeMs, OutboxStats outbox, double cpuLoad, long heapUsedBytes, long heapMaxBytes,
                       long nativeBytes, long diskFreeBytes, long diskTotalBytes, int camerasOnline, int camerasTotal, int devicesOnline,
                       int devicesTotal, long whitelistVersion) {
        this(version, uptimeMs, outbox, cpuLoad, heapUsedBytes, heapMaxBytes, nativeBytes, diskFreeBytes, diskTotalBytes, camerasOnline,
                camerasTotal, devicesOnline, devicesTotal, whitelistVersion, java.util.Map.of());
    }
}
