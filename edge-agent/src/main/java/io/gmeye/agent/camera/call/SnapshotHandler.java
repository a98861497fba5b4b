package io.gmeye.agent.camera.call;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.camera.ingest.GrabStatus;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.DirectChannel;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Command "snapshot" (target: a camera): encodes the camera's newest frame as JPEG and sends it to
 * the hub at once through the direct channel (a snapshot on call is worthless later, so it skips
 * the outbox), as a binary snapshot message whose ref is the command id. Fails with a reason when
 * the camera is unknown or offline, has no fresh frame, or the hub link is down.
 */
public final class SnapshotHandler implements CommandHandler {
    public static final String NAME = "snapshot";
    /** Within the hub's 2 s: an INVITE and the first keyframe take well under a second on a site network. */
    static final long ON_DEMAND_WAIT_MS = 1_500;

    private final String site;
    private final CameraSupervisor cameras;
    private final DirectChannel direct;
    private final Clock clock;
    private final Metrics metrics;
    private final CameraConfig config;
    private final Executor executor;

    public SnapshotHandler(String site, CameraSupervisor cameras, DirectChannel direct, Clock clock, Metrics metrics,
                           CameraConfig config, Executor executor) {
        this.site = site;
        this.cameras = cameras;
        this.direct = direct;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<CommandResult> handle(Command command) {
        // conversion and JPEG encoding take milliseconds: never on the caller's (event loop) thread
        return CompletableFuture.supplyAsync(() -> take(command), executor)
                .thenCompose(r -> r)
                .whenComplete((r, e) -> metrics.count("camera.snapshot", "outcome",
                        e != null ? "error" : String.valueOf(r.result().getOrDefault("error", "ok"))));
    }

    private CompletableFuture<CommandResult> take(Command c) {
        long now = clock.millis();
        String camera = c.target();
        if (CommandReplies.expired(c, now)) {
            return CompletableFuture.completedFuture(CommandReplies.expiredResult(c));
        }
        if (!cameras.knows(camera)) {
            return done(CommandReplies.failed(c, "unknown_camera", "no camera '" + camera + "' at site " + site));
        }
        long maxAge = config.snapshotMaxAge().toMillis();
        Optional<CameraFrame> frame = cameras.fresh(camera, now, maxAge);
        if (cameras.onDemand(camera)) {
            // a camera opened on demand (GB/T 28181): kept open if it is, else opened now and its first picture awaited
            if (frame.isPresent()) {
                cameras.keepOpen(camera);
            } else {
                try {
                    cameras.awaitNewFrame(camera, ON_DEMAND_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                now = clock.millis();
                frame = cameras.fresh(camera, now, maxAge);
            }
        }
        if (frame.isEmpty()) {
            GrabStatus status = cameras.status(camera).orElseThrow();
            if (!status.state().countsOnline()) {
                return done(CommandReplies.failed(c, "camera_offline", "camera " + camera + " is " + status.state().wire() + ": " + status.reason()));
            }
            long last = cameras.lastFrameAt(camera);
            String age = last == 0 ? "none yet" : "the newest is " + (now - last) / 1000.0 + " s old";
            return done(CommandReplies.failed(c, "no_fresh_frame", "no frame from camera " + camera + " in the last "
                    + maxAge / 1000.0 + " s (" + age + ")"));
        }
        if (!direct.connected()) {
            return done(CommandReplies.failed(c, "hub_unreachable", "the agent's link to the hub is down"));
        }
        CameraFrame f = frame.get();
        byte[] jpeg = Jpeg.encode(f.image(), (float) config.snapshotQuality());
        Envelope<Snapshot> header = Envelope.create(site, camera, now,
                new Snapshot(c.commandId(), "call", camera, f.image().width(), f.image().height()));
        Map<String, Object> result = Map.of("snapshotId", header.id(), "width", f.image().width(), "height", f.image().height(),
                "bytes", jpeg.length, "capturedAt", f.capturedAt(), "frameNo", f.frameNo());
        return direct.send(header, jpeg, 1)
                .thenApply(v -> CommandReplies.succeeded(c, result))
                .exceptionally(e -> CommandReplies.failed(c, "send_failed", "the snapshot could not be sent to the hub: " + rootMessage(e)));
    }

    private static CompletableFuture<CommandResult> done(CommandResult r) {
        return CompletableFuture.completedFuture(r);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
