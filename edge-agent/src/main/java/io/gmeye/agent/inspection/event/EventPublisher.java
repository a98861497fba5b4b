package io.gmeye.agent.inspection.event;

import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.inspection.snapshot.FaceBlur;
import io.gmeye.agent.inspection.snapshot.SnapshotPainter;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.inspection.SnapshotRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends an event step to the hub through the outbox: for new and update, two JPEGs first (the
 * clean frame and one with zones and boxes drawn, faces blurred in both where the site asks),
 * then the event that references them. Completes when all are durable in the outbox.
 * Runs on inspection's sampling threads, several cameras at once (the face detector keeps its scratch per thread):
 * encoding and face detection never touch an event loop.
 */
public final class EventPublisher {
    private final String site;
    private final Outbox outbox;
    private final FaceBlur faceBlur;
    private final float jpegQuality;
    private final Metrics metrics;
    private final ClipRequests clips;

    /** @param faceBlur null when the site does not ask for faces to be blurred */
    public EventPublisher(String site, Outbox outbox, FaceBlur faceBlur, float jpegQuality, Metrics metrics) {
        this(site, outbox, faceBlur, jpegQuality, ClipRequests.NONE, metrics);
    }

    /** @param clips where a new event starts its video clip (every phase carries its reference) */
    public EventPublisher(String site, Outbox outbox, FaceBlur faceBlur, float jpegQuality, ClipRequests clips, Metrics metrics) {
        this.clips = clips;
        this.site = site;
        this.outbox = outbox;
        this.faceBlur = faceBlur;
        this.jpegQuality = jpegQuality;
        this.metrics = metrics;
    }

    public CompletableFuture<Envelope<InspectionEvent>> publish(EventChange c) {
        String camera = c.scene().camera();
        List<SnapshotRef> refs = new ArrayList<>();
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        if (c.hasSnapshot()) {
            BgrImage clean = faceBlur == null ? c.image() : faceBlur.apply(c.image(), c.people());
            BgrImage annotated = SnapshotPainter.annotate(clean, c.scene(), c.finding());
            for (Map.Entry<String, BgrImage> shot : List.of(Map.entry("clean", clean), Map.entry("annotated", annotated))) {
                byte[] jpeg = Jpeg.encode(shot.getValue(), jpegQuality);
                Snapshot about = new Snapshot(c.eventId(), shot.getKey(), camera, clean.width(), clean.height());
                Envelope<Snapshot> header = Envelope.create(site, camera, c.updatedAt(), about);
                refs.add(new SnapshotRef(header.id(), shot.getKey(), jpeg.length));
                writes.add(outbox.appendSnapshot(header, jpeg));
            }
        }
        String scene = c.scene().id();
        ClipRef clip = (c.phase() == EventPhase.NEW ? clips.request(c.eventId(), camera, scene, c.startedAt())
                : clips.ref(c.eventId(), camera, scene, c.startedAt())).orElse(null);
        InspectionEvent body = new InspectionEvent(c.eventId(), c.phase(), c.scene().id(), c.scene().type().wire(), camera,
                c.scene().tags(), c.startedAt(), c.updatedAt(), c.endedAt(), c.frameWidth(), c.frameHeight(), c.finding().objects(), refs,
                clip);
        Envelope<InspectionEvent> event = Envelope.create(site, camera, c.updatedAt(), body);
        writes.add(outbox.append(event));
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((ok, err) -> {
            metrics.count("inspection.published", "phase", c.phase().wire(), "outcome", err == null ? "stored" : "failed");
            if (err != null) {
                throw err instanceof RuntimeException re ? re : new IllegalStateException(err);
            }
            return event;
        });
    }
}
