package io.gmeye.agent.camera.call;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.Picture;
import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.camera.ingest.GrabStatus;
import io.gmeye.agent.camera.ingest.NoPicture;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.privacy.FacesNotBlurred;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.CommandReplies;
import io.gmeye.agent.uplink.DirectChannel;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Command "snapshot" (target: a camera): a picture taken after the call, as JPEG, sent to the hub
 * at once through the direct channel (a snapshot on call is worthless later, so it skips the
 * outbox), as a binary snapshot message whose ref is the command id. A camera decoded in full
 * gives its next frame; any other has its kept packets decoded from the newest keyframe on once
 * a packet newer than the call is in, so a long keyframe interval makes no snapshot stale or late.
 * On a site that requires faces blurred, the picture leaves with its faces pixelated, or not at
 * all ({@code faces_not_blurred}, with the reason) when the face model is missing or fails.
 * Fails with a reason when the camera is unknown or offline, no such picture can be had within
 * {@code snapshotWait} (or the command's deadline), or the hub link is down.
 */
public final class SnapshotHandler implements CommandHandler {
    public static final String NAME = "snapshot";
    /** Left for encoding and sending after the picture, within the command's deadline. */
    private static final long SEND_MARGIN_MS = 300;

    private final String site;
    private final CameraSupervisor cameras;
    private final DirectChannel direct;
    private final Clock clock;
    private final Metrics metrics;
    private final CameraConfig config;
    private final Executor executor;
    private final FaceRule faces;

    public SnapshotHandler(String site, CameraSupervisor cameras, DirectChannel direct, Clock clock, Metrics metrics,
                           CameraConfig config, Executor executor, FaceRule faces) {
        this.faces = faces;
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
        // decoding, conversion and JPEG encoding take milliseconds: never on the caller's (event loop) thread
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
        GrabStatus status = cameras.status(camera).orElseThrow();
        if (!status.state().countsOnline()) {
            return done(CommandReplies.failed(c, "camera_offline", "camera " + camera + " is " + status.state().wire() + ": " + status.reason()));
        }
        if (!direct.connected()) {
            return done(CommandReplies.failed(c, "hub_unreachable", "the agent's link to the hub is down"));
        }
        if (faces.unavailable() != null) {
            return done(CommandReplies.failed(c, FacesNotBlurred.ERROR, faces.unavailable()));
        }
        long wait = config.snapshotWait().toMillis();
        if (c.expiresAt() > 0) {
            wait = Math.min(wait, c.expiresAt() - now - SEND_MARGIN_MS);
        }
        return cameras.pictureAfter(camera, now, Math.max(wait, 1), executor)
                .thenCompose(p -> send(c, camera, p))
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof NoPicture np) {
                        return CommandReplies.failed(c, "no_fresh_frame", np.reason());
                    }
                    if (cause instanceof FacesNotBlurred f) {
                        return CommandReplies.failed(c, FacesNotBlurred.ERROR, f.reason());
                    }
                    return CommandReplies.failed(c, "send_failed", "the snapshot could not be sent to the hub: " + rootMessage(cause));
                });
    }

    private CompletableFuture<CommandResult> send(Command c, String camera, Picture picture) {
        long now = clock.millis();
        BgrImage image;
        try (picture) {
            image = picture.bgr();
        }
        image = faces.leaving(image); // the same size: only faces change
        byte[] jpeg = Jpeg.encode(image, (float) config.snapshotQuality());
        Envelope<Snapshot> header = Envelope.create(site, camera, now, new Snapshot(c.commandId(), "call", camera, image.width(), image.height()));
        Map<String, Object> result = Map.of("snapshotId", header.id(), "width", image.width(), "height", image.height(),
                "bytes", jpeg.length, "capturedAt", picture.capturedAt(), "frameNo", picture.frameNo());
        metrics.time("camera.snapshot.age", (now - picture.capturedAt()) * 1_000_000);
        return direct.send(header, jpeg, 1).thenApply(v -> CommandReplies.succeeded(c, result));
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
