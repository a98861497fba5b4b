package io.gmeye.protocols.agent;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * The agent's heartbeat: how long it has run, how its outbox stands (nothing dropped silently:
 * evictions are counted here) and the box's resources.
 *
 * @param whitelistVersion the whitelist version the agent holds, -1 when it keeps none
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
        long whitelistVersion) implements Body {
    public AgentHealth {
        Require.present(outbox, "outbox");
        Require.notNegative(uptimeMs, "uptimeMs");
    }
}
