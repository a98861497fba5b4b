package io.gmeye.agent.camera.call;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.Picture;
import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.camera.ingest.GrabStatus;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.privacy.FacesNotBlurred;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.CommandReplies;
import io.gmeye.agent.uplink.DirectChannel;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.LiveFrame;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.envelope.Envelope;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Live view on call. "live.start" (target: a camera; params: viewer, leaseSeconds) adds or renews
 * a viewer; "live.stop" (params: viewer) removes one. While a camera has viewers, its newest
 * frame goes to the hub as a JPEG a few times a second over the direct channel at QoS 0 (a lost
 * live frame is replaced by the next one); when the last viewer leaves or lets its lease run out,
 * sending stops. Unwatched cameras cost the uplink nothing. On a site that requires faces blurred,
 * every frame leaves with its faces pixelated; a frame that cannot be blurred is not sent, and a
 * live view is refused ({@code faces_not_blurred}) while the face model is missing.
 */
public final class LiveView implements AutoCloseable {
    public static final String START = "live.start";
    public static final String STOP = "live.stop";
    private static final long MAX_FRAME_AGE_MS = 2_000;

    private final String site;
    private final CameraSupervisor cameras;
    private final DirectChannel direct;
    private final Clock clock;
    private final Metrics metrics;
    private final CameraConfig config;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Session> sessions = new HashMap<>();
    private final FaceRule faces;

    public LiveView(String site, CameraSupervisor cameras, DirectChannel direct, Clock clock, Metrics metrics,
                    CameraConfig config, ScheduledExecutorService scheduler, FaceRule faces) {
        this.faces = faces;
        this.site = site;
        this.cameras = cameras;
        this.direct = direct;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config;
        this.scheduler = scheduler;
    }

    public CommandHandler startHandler() {
        return c -> CompletableFuture.completedFuture(start(c));
    }

    public CommandHandler stopHandler() {
        return c -> CompletableFuture.completedFuture(stop(c));
    }

    /** How many viewers a camera has now (0 when it is not streamed). */
    public synchronized int viewers(String camera) {
        Session s = sessions.get(camera);
        return s == null ? 0 : s.viewers.count();
    }

    private synchronized CommandResult start(Command c) {
        long now = clock.millis();
        String camera = c.target();
        if (CommandReplies.expired(c, now)) {
            return CommandReplies.expiredResult(c);
        }
        if (!cameras.knows(camera)) {
            return CommandReplies.failed(c, "unknown_camera", "no camera '" + camera + "' at site " + site);
        }
        GrabStatus status = cameras.status(camera).orElseThrow();
        if (!status.state().countsOnline()) {
            return CommandReplies.failed(c, "camera_offline", "camera " + camera + " is " + status.state().wire() + ": " + status.reason());
        }
        if (faces.unavailable() != null) {
            return CommandReplies.failed(c, FacesNotBlurred.ERROR, faces.unavailable());
        }
        long leaseMs = leaseMs(c);
        Session s = sessions.get(camera);
        if (s == null) {
            s = new Session(camera);
            sessions.put(camera, s);
            cameras.liveDemand(camera, true);
            long periodMs = Math.max(40, Math.round(1000 / config.liveFps()));
            Session started = s;
            s.task = scheduler.scheduleAtFixedRate(() -> tick(started), 0, periodMs, TimeUnit.MILLISECONDS);
            metrics.count("camera.live.session", "event", "start");
        }
        s.viewers.watch(viewer(c), now, leaseMs);
        return CommandReplies.succeeded(c, Map.of("viewers", s.viewers.count(), "fps", config.liveFps(), "leaseMs", leaseMs));
    }

    private synchronized CommandResult stop(Command c) {
        Session s = sessions.get(c.target());
        if (s == null) {
            return CommandReplies.succeeded(c, Map.of("viewers", 0));
        }
        s.viewers.leave(viewer(c));
        int left = s.viewers.expire(clock.millis());
        if (left == 0) {
            end(s);
        }
        return CommandReplies.succeeded(c, Map.of("viewers", left));
    }

    private void tick(Session s) {
        long now = clock.millis();
        synchronized (this) {
            if (sessions.get(s.camera) != s) {
                return;
            }
            if (s.viewers.expire(now) == 0) {
                end(s);
                metrics.count("camera.live.session", "event", "lease_expired");
                return;
            }
        }
        long newest = cameras.newestFrameNo(s.camera);
        if (newest == s.lastSent || !direct.connected()) {
            metrics.count("camera.live.frame", "outcome", newest == s.lastSent ? "no_new_frame" : "hub_unreachable");
            return;
        }
        BgrImage image;
        long frameNo;
        long capturedAt;
        try (Picture p = cameras.newest(s.camera).orElse(null)) {
            if (p == null || now - p.capturedAt() > MAX_FRAME_AGE_MS) {
                metrics.count("camera.live.frame", "outcome", "no_fresh_frame");
                return;
            }
            image = p.bgr();
            frameNo = p.frameNo();
            capturedAt = p.capturedAt();
        }
        s.lastSent = frameNo;
        try {
            image = faces.leaving(image);
        } catch (FacesNotBlurred e) {
            metrics.count("camera.live.frame", "outcome", FacesNotBlurred.ERROR); // never sent unblurred
            return;
        }
        byte[] jpeg = Jpeg.encode(image, (float) config.liveQuality());
        Envelope<LiveFrame> header = Envelope.create(site, s.camera, now,
                new LiveFrame(s.camera, frameNo, image.width(), image.height(), capturedAt));
        direct.send(header, jpeg, 0).whenComplete((v, e) ->
                metrics.count("camera.live.frame", "outcome", e == null ? "sent" : "send_failed"));
    }

    private void end(Session s) {
        if (sessions.remove(s.camera, s)) {
            s.task.cancel(false);
            cameras.liveDemand(s.camera, false);
            metrics.count("camera.live.session", "event", "end");
        }
    }

    private long leaseMs(Command c) {
        Object v = c.params().get("leaseSeconds");
        if (v instanceof Number n && n.doubleValue() > 0) {
            return Math.min(Math.round(n.doubleValue() * 1000), config.liveLease().toMillis() * 10);
        }
        return config.liveLease().toMillis();
    }

    private static String viewer(Command c) {
        Object v = c.params().get("viewer");
        return v instanceof String s && !s.isBlank() ? s : "hub";
    }

    @Override
    public synchronized void close() {
        for (Session s : Map.copyOf(sessions).values()) {
            end(s);
        }
    }

    /** One watched camera. */
    private static final class Session {
        final String camera;
        final LiveViewers viewers = new LiveViewers();
        ScheduledFuture<?> task;
        long lastSent;

        Session(String camera) {
            this.camera = camera;
        }
    }
}
