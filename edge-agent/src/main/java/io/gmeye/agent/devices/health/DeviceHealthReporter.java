package io.gmeye.agent.devices.health;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.envelope.Envelope;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends device connectivity upstream in batches: the changes every tick, and the state of every
 * device now and then (so a hub that missed something catches up), split into messages of
 * {@code batchSize} devices.
 */
public final class DeviceHealthReporter {
    private final DeviceConnectivity connectivity;
    private final Outbox outbox;
    private final Clock clock;
    private final Metrics metrics;
    private final String site;
    private final int batchSize;
    private final long fullEveryMs;
    private long lastFull = Long.MIN_VALUE;

    public DeviceHealthReporter(DeviceConnectivity connectivity, Outbox outbox, Clock clock, Metrics metrics, String site, int batchSize,
                                long fullEveryMs) {
        this.connectivity = connectivity;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.site = site;
        this.batchSize = batchSize;
        this.fullEveryMs = fullEveryMs;
    }

    /** One tick: judges devices, appends a change batch, and a full report when one is due. */
    public CompletableFuture<Void> tick() {
        long now = clock.millis();
        List<DeviceHealth> changes = connectivity.evaluate();
        boolean full = lastFull == Long.MIN_VALUE || now - lastFull >= fullEveryMs || now < lastFull;
        if (full) {
            lastFull = now;
            return send(true, connectivity.snapshot(), now);
        }
        return changes.isEmpty() ? CompletableFuture.completedFuture(null) : send(false, changes, now);
    }

    private CompletableFuture<Void> send(boolean full, List<DeviceHealth> devices, long now) {
        CompletableFuture<?>[] appends = new CompletableFuture<?>[(devices.size() + batchSize - 1) / batchSize];
        for (int i = 0, n = 0; i < devices.size(); i += batchSize, n++) {
            List<DeviceHealth> part = devices.subList(i, Math.min(devices.size(), i + batchSize));
            appends[n] = outbox.append(Envelope.create(site, "agent", now, new DeviceHealthBatch(full, List.copyOf(part))))
                    .whenComplete((seq, err) -> metrics.count("gmeye.devices.health_batches", "full", String.valueOf(full),
                            "outcome", err == null ? "stored" : "failed"));
        }
        return CompletableFuture.allOf(appends);
    }
}
