package io.gmeye.agent.inspection;

import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.agent.camera.Picture;
import io.gmeye.agent.inspection.InspectionStatus.SceneState;
import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.inspection.event.EventPublisher;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType.Needs;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.runtime.InferenceQueue;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspection feature: samples every scene's camera (on motion, and on patrol at least every
 * {@code patrolInterval} because static violations do not move), runs the shared models through
 * their fair bounded queues, lets each camera's scenes decide, and sends event steps with their
 * snapshots through the outbox. An "inspection" thread only decides which cameras are due; the
 * samples run on a {@link SamplingPool} (a thread per core, one sample in flight per camera), never
 * on the Vert.x event loop the device endpoints share: each takes its camera's newest picture
 * (decoded on demand where the camera is not decoded continuously), judges motion on a small grey
 * picture scaled straight from the decoded frame, converts to full-size BGR only what the models
 * will see, and runs tracking, scenes and JPEG encoding; inference runs on the models' threads.
 */
public final class InspectionService {
    private static final Logger LOG = LoggerFactory.getLogger(InspectionService.class);

    private final Vertx vertx;
    private final Outbox outbox;
    private final FrameSource frames;
    private final Clock clock;
    private final Metrics metrics;
    private final String site;
    private final InspectionConfig config;
    private final Map<String, CameraWork> cameras = new LinkedHashMap<>();
    private final List<SceneState> states = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private SamplingPool sampling;
    private InspectionModels models;
    private EventPublisher publisher;
    private final ClipRequests clips;
    /** The site's face rule, the agent's: it outlives this service, which never closes it. */
    private final FaceRule faces;
    /** The agent's detectors: this service holds the ones its scenes need while it runs, the face rule's among them. */
    private final SharedDetectors detectors;

    /**
     * One camera's place in the loop: its scenes and motion gate (touched by one sampling thread at
     * a time: the pool runs one sample per camera), and when it is due (the scheduler's).
     */
    private static final class CameraWork {
        final CameraInspector inspector;
        final MotionGate motion;
        long lastAnalysed = Long.MIN_VALUE / 2;
        volatile long lastFrameNo = -1; // written by a sampling thread, read by the scheduler to skip pictures already seen
        long due;

        CameraWork(CameraInspector inspector, MotionGate motion) {
            this.inspector = inspector;
            this.motion = motion;
        }
    }

    /**
     * @param clips where a new event asks for its video clip ({@link ClipRequests#NONE}: nowhere)
     * @param faces     the site's face rule, the agent's, loaded once for every picture that leaves the site ({@link FaceRule#OFF}: none)
     * @param detectors where the agent's detectors are loaded, once each (the owner closes it after this service stopped)
     */
    public InspectionService(Vertx vertx, Outbox outbox, FrameSource frames, ClipRequests clips, Clock clock, Metrics metrics, String site,
                             InspectionConfig config, FaceRule faces, SharedDetectors detectors) {
        this.faces = Objects.requireNonNull(faces, "faces: the site's rule, FaceRule.OFF where there is none");
        this.detectors = Objects.requireNonNull(detectors, "detectors: the agent's");
        this.clips = clips;
        this.vertx = vertx;
        this.outbox = outbox;
        this.frames = frames;
        this.clock = clock;
        this.metrics = metrics;
        this.site = site;
        this.config = config;
    }

    public Future<Void> start() {
        if (!config.enabled() || config.scenes().isEmpty()) {
            return Future.succeededFuture();
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inspection");
            t.setDaemon(true);
            return t;
        });
        sampling = new SamplingPool(SamplingPool.sizeFromCores(), "inspection-sampling");
        Set<Needs> needed = EnumSet.noneOf(Needs.class);
        config.scenes().forEach(s -> needed.add(s.type().needs()));
        return vertx.executeBlocking(() -> InspectionModels.load(config, needed, faces, detectors, metrics), false).map(m -> {
            models = m;
            publisher = new EventPublisher(site, outbox, m.faceBlur(), config.jpegQuality().floatValue(), clips, metrics);
            buildCameras();
            // cameras are spread over the sample interval, so the models get an even stream, not a burst per interval
            long interval = config.sampleInterval().toMillis();
            long start = clock.millis();
            int i = 0;
            for (CameraWork w : cameras.values()) {
                w.due = start + interval * i++ / Math.max(1, cameras.size());
            }
            long period = Math.max(10, interval / Math.max(1, cameras.size()));
            scheduler.scheduleWithFixedDelay(this::tickSafely, period, period, TimeUnit.MILLISECONDS);
            return null;
        });
    }

    private void buildCameras() {
        Map<String, List<SceneConfig>> byCamera = new LinkedHashMap<>();
        for (SceneConfig s : config.scenes()) {
            String reason = models.unavailable(s.type().needs());
            states.add(new SceneState(s.id(), s.type().wire(), s.camera(), reason == null, reason));
            if (reason == null) {
                byCamera.computeIfAbsent(s.camera(), c -> new ArrayList<>()).add(s);
            }
        }
        long trackAge = config.patrolInterval().toMillis() * 3;
        byCamera.forEach((camera, scenes) -> cameras.put(camera,
                new CameraWork(new CameraInspector(camera, scenes, trackAge, metrics), new MotionGate(config.motionThreshold()))));
        LOG.info("inspection: {} scenes active on {} cameras, {} inactive", states.size() - status().inactive().size(), cameras.size(),
                status().inactive().size());
    }

    public InspectionStatus status() {
        return new InspectionStatus(states);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("inspection sampling failed", e); // the next tick tries again
        }
    }

    /** On the inspection thread: hands each due camera with an unseen picture to the sampling pool, skipping cameras still in flight. */
    private void tick() {
        long now = clock.millis();
        long interval = config.sampleInterval().toMillis();
        for (Map.Entry<String, CameraWork> e : cameras.entrySet()) {
            CameraWork w = e.getValue();
            if (now < w.due) {
                continue;
            }
            w.due = Math.max(w.due + interval, now + interval / 2); // keep the rhythm; no burst to catch up after a stall
            if (sampling.busy(e.getKey())) {
                metrics.count("inspection.samples", "outcome", "busy");
                continue;
            }
            long newest = frames.newestFrameNo(e.getKey());
            if (newest == 0 || newest == w.lastFrameNo) {
                metrics.count("inspection.samples", "outcome", "no_fresh_frame"); // nothing new: no decoding, no conversion
                continue;
            }
            if (!sampling.offer(e.getKey(), () -> sampleNewest(e.getKey(), w, now))) {
                metrics.count("inspection.samples", "outcome", "busy");
            }
        }
    }

    /** On a sampling thread: the camera's newest picture, decoded if need be; done when its analysis is. */
    private CompletableFuture<?> sampleNewest(String camera, CameraWork w, long now) {
        try (Picture p = frames.newest(camera).orElse(null)) {
            if (p == null || p.frameNo() == w.lastFrameNo) {
                metrics.count("inspection.samples", "outcome", "no_fresh_frame");
                return CompletableFuture.completedFuture(null);
            }
            return sample(w, p, now);
        }
    }

    /** On a sampling thread: motion from a small grey picture; the full BGR picture only for the models. */
    private CompletableFuture<?> sample(CameraWork w, Picture picture, long now) {
        w.lastFrameNo = picture.frameNo();
        // half a sample of slack: ticks drift by a few ms, and a patrol must not slip to the next tick
        boolean patrol = now - w.lastAnalysed + config.sampleInterval().toMillis() / 2 >= config.patrolInterval().toMillis();
        if (!w.motion.moved(picture.grey(MotionGate.WIDTH)) && !patrol) {
            metrics.count("inspection.samples", "outcome", "still");
            return CompletableFuture.completedFuture(null);
        }
        w.lastAnalysed = now;
        CameraFrame frame = new CameraFrame(picture.camera(), picture.capturedAt(), picture.frameNo(), picture.bgr());
        CompletableFuture<List<Detection>> objects = detect(Needs.OBJECTS, w, frame.image());
        CompletableFuture<List<Detection>> texts = detect(Needs.TEXT, w, frame.image());
        // tracking, scenes and snapshots on a sampling thread: the model threads go straight back to inference
        return objects.thenCombineAsync(texts, (o, t) -> w.inspector.analyse(frame.image(), frame.capturedAt(), o, t), sampling.executor())
                .thenAccept(changes -> changes.forEach(c -> publish(c, frame)))
                .whenComplete((ok, err) -> {
                    String outcome = err == null ? (patrol ? "patrol" : "motion")
                            : err.getCause() instanceof InferenceQueue.NotRun ? "not_run" : "failed";
                    metrics.count("inspection.samples", "outcome", outcome);
                    metrics.time("inspection.sample.latency", (clock.millis() - frame.capturedAt()) * 1_000_000, "camera", frame.camera());
                    if (err != null && !(err.getCause() instanceof InferenceQueue.NotRun)) {
                        LOG.warn("inspection of camera {} failed: {}", frame.camera(), err.toString());
                    }
                });
    }

    private CompletableFuture<List<Detection>> detect(Needs need, CameraWork w, BgrImage image) {
        // debris scenes use the object detector too when it is loaded: a person standing still is not debris
        boolean wanted = w.inspector.needs(need) || need == Needs.OBJECTS && w.inspector.needs(Needs.NOTHING);
        InferenceQueue<BgrImage, List<Detection>> q = models.queue(need);
        return wanted && q != null ? q.submit(w.inspector.camera(), image) : CompletableFuture.completedFuture(List.of());
    }

    private void publish(EventChange c, CameraFrame frame) {
        publisher.publish(c).whenComplete((event, err) -> {
            if (err != null) {
                LOG.warn("inspection event {} of scene {} not stored: {}", c.eventId(), c.scene().id(), err.toString());
                return;
            }
            metrics.time("inspection.event.latency", (clock.millis() - frame.capturedAt()) * 1_000_000, "scene", c.scene().id());
        });
    }

    public Future<Void> stop() {
        if (scheduler == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            scheduler.shutdown();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            sampling.close(10_000);
            if (models != null) {
                models.close();
            }
            return null;
        }, false);
    }
}
