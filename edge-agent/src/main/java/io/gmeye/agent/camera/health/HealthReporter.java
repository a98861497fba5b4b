package io.gmeye.agent.camera.health;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.envelope.Envelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the site's camera health to the hub through the outbox, batched per site: on every tick
 * the cameras whose health changed significantly since the hub was last told ({@link
 * HealthChange}: state, reason, codec, a frame rate or bitrate beyond its noise...), so the hub
 * learns within seconds, and every camera at the full-report interval. Cameras removed from the
 * site are reported once more as offline. Call {@link #tick()} from one thread.
 */
public final class HealthReporter {
    private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);

    private final String site;
    private final Supplier<List<CameraHealth>> cameras;
    private final Outbox outbox;
    private final Clock clock;
    private final Metrics metrics;
    private final long fullEveryMs;
    private final Map<String, CameraHealth> told = new HashMap<>();
    private long lastFullAt = Long.MIN_VALUE;
    private volatile List<CameraHealth> latest = List.of();

    public HealthReporter(String site, Supplier<List<CameraHealth>> cameras, Outbox outbox, Clock clock, Metrics metrics, long fullEveryMs) {
        this.site = site;
        this.cameras = cameras;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.fullEveryMs = fullEveryMs;
    }

    /** Looks at every camera; appends a batch when something changed or a full report is due. */
    public void tick() {
        long now = clock.millis();
        List<CameraHealth> all = cameras.get();
        latest = all;
        boolean full = lastFullAt == Long.MIN_VALUE || now - lastFullAt >= fullEveryMs;
        List<CameraHealth> changed = new ArrayList<>();
        Map<String, CameraHealth> seen = new HashMap<>();
        for (CameraHealth h : all) {
            seen.put(h.camera(), h);
            if (HealthChange.significant(told.get(h.camera()), h)) {
                changed.add(h);
            }
        }
        for (String gone : told.keySet()) {
            if (!seen.containsKey(gone)) {
                changed.add(new CameraHealth(gone, CameraState.OFFLINE, "removed from this site's configuration",
                        0, 0, 0, 0, 0, null, -1, 0, 0, null, now));
            }
        }
        told.keySet().retainAll(seen.keySet());
        if (full) {
            lastFullAt = now;
            told.putAll(seen);
            send(new CameraHealthBatch(true, all), now);
        } else if (!changed.isEmpty()) {
            changed.stream().filter(h -> seen.containsKey(h.camera())).forEach(h -> told.put(h.camera(), h));
            send(new CameraHealthBatch(false, changed), now);
        }
    }

    /** The health as of the last tick, for local views (the agent's own status page, tests). */
    public List<CameraHealth> latest() {
        return latest;
    }

    private void send(CameraHealthBatch batch, long now) {
        Envelope<CameraHealthBatch> message = Envelope.create(site, "agent", now, batch);
        String kind = batch.full() ? "full" : "changes";
        outbox.append(message).whenComplete((seq, err) -> {
            if (err != null) {
                metrics.count("camera.health.sent", "kind", kind, "outcome", "failed");
                LOG.warn("camera health ({}, {} cameras) not queued: {}", kind, batch.cameras().size(), err.getMessage());
            } else {
                metrics.count("camera.health.sent", "kind", kind, "outcome", "ok");
            }
        });
    }
}
