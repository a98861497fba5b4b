package io.gmeye.agent.inspection.event;

import io.gmeye.agent.inspection.scene.Finding;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.models.image.BgrImage;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.EventPhase;
import java.util.List;
import java.util.Optional;

/**
 * One scene's violation over time, so a parked car is one event and not one per frame: it is new
 * once, updated when the evidence gets clearly better or moves to another zone (at most every
 * {@link #UPDATE_GAP_MS}), and ends once the violation has been gone for the scene's
 * {@code endAfter}. After an end, the scene stays quiet for its {@code cooldown}: a violation
 * that flickers does not become a storm of events.
 */
public final class EventLifecycle {
    static final long UPDATE_GAP_MS = 30_000;
    private static final double BETTER = 1.2;

    private final SceneConfig scene;
    private final Metrics metrics;
    private String eventId;
    private long startedAt;
    private long lastSeen;
    private long lastUpdate;
    private double bestQuality;
    private Finding last;
    private long endedAt = -1; // none yet
    private int width;
    private int height;

    public EventLifecycle(SceneConfig scene, Metrics metrics) {
        this.scene = scene;
        this.metrics = metrics;
    }

    public Optional<EventChange> step(Finding f, long now, BgrImage image, List<Box> people) {
        width = image.width();
        height = image.height();
        if (f.present()) {
            return eventId == null ? open(f, now, image, people) : keep(f, now, image, people);
        }
        if (eventId != null && now - lastSeen >= scene.endAfter().toMillis()) {
            EventChange end = new EventChange(scene, EventPhase.END, eventId, startedAt, now, now, last, width, height, null, List.of());
            eventId = null;
            endedAt = now;
            count("end");
            return Optional.of(end);
        }
        return Optional.empty();
    }

    public boolean open() {
        return eventId != null;
    }

    private Optional<EventChange> open(Finding f, long now, BgrImage image, List<Box> people) {
        if (endedAt >= 0 && now - endedAt < scene.cooldown().toMillis()) {
            count("suppressed");
            return Optional.empty();
        }
        eventId = Ulid.next(now);
        startedAt = now;
        lastSeen = now;
        lastUpdate = now;
        bestQuality = f.quality();
        last = f;
        count("new");
        return Optional.of(new EventChange(scene, EventPhase.NEW, eventId, startedAt, now, null, f, width, height, image, people));
    }

    private Optional<EventChange> keep(Finding f, long now, BgrImage image, List<Box> people) {
        lastSeen = now;
        boolean zoneChanged = !f.zones().equals(last.zones());
        boolean better = f.quality() > bestQuality * BETTER;
        last = f;
        if ((zoneChanged || better) && now - lastUpdate >= UPDATE_GAP_MS) {
            lastUpdate = now;
            bestQuality = Math.max(bestQuality, f.quality());
            count("update");
            return Optional.of(new EventChange(scene, EventPhase.UPDATE, eventId, startedAt, now, null, f, width, height, image, people));
        }
        return Optional.empty();
    }

    private void count(String outcome) {
        metrics.count("inspection.events", "scene", scene.id(), "phase", outcome);
    }
}
