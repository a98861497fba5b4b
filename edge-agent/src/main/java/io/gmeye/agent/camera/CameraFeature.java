package io.gmeye.agent.camera;

import io.gmeye.agent.camera.call.LiveView;
import io.gmeye.agent.camera.call.SnapshotHandler;
import io.gmeye.agent.camera.clip.ClipChunkHandler;
import io.gmeye.agent.camera.clip.ClipConfig;
import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.camera.clip.ClipStore;
import io.gmeye.agent.camera.clip.EventClips;
import io.gmeye.agent.camera.health.HealthReporter;
import io.gmeye.agent.camera.keep.QuotaFolder;
import io.gmeye.agent.camera.record.Listing;
import io.gmeye.agent.camera.record.Recorder;
import io.gmeye.agent.camera.record.RecordingCommands;
import io.gmeye.agent.camera.record.RecordingConfig;
import io.gmeye.agent.camera.record.RecordingExport;
import io.gmeye.agent.camera.record.SegmentStore;
import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.camera.ingest.GrabStatus;
import io.gmeye.agent.camera.ingest.StreamSource;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.DirectChannel;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.clip.ClipStats;
import io.gmeye.protocols.clip.RecordingStats;
import java.nio.file.Path;
import io.gmeye.protocols.config.CameraSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's cameras as one feature: pulls every camera (one grabbing thread each), reports their
 * health to the hub in per-site batches through the outbox, answers snapshot and live-view
 * commands, and hands the newest frames to inspection through {@link #frames()}.
 *
 * <p>Health, snapshots and live frames run on the feature's own small scheduler, never on a Vert.x
 * event loop: they convert and encode pictures.
 */
public final class CameraFeature implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraFeature.class);

    /** A hole between segments longer than this is a gap (a frame interval and some). */
    private static final long GAP_TOLERANCE_MS = 1_000;

    private final CameraConfig config;
    private final CameraSupervisor supervisor;
    private final HealthReporter health;
    private final ScheduledExecutorService scheduler;
    private final SnapshotHandler snapshots;
    private final LiveView live;
    private final EventClips clips;
    private final ClipChunkHandler clipChunks;
    private final Recorder recorder;
    private final Clock clock;
    private final InventoryReporter inventory;
    private final List<CameraFinder> finders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private List<CameraSpec> configured;
    private Set<String> watched = Set.of();
    private boolean started;
    private boolean closed;

    /**
     * @param dataDir where clips are kept when the configuration names no folder; null: no clips
     * @param faces   the site's rule on faces in pictures and clips that leave it (the agent's, loaded once; {@link FaceRule#OFF}: none)
     */
    public CameraFeature(CameraConfig config, String site, Outbox outbox, DirectChannel direct, Clock clock, Metrics metrics, Path dataDir,
                         FaceRule faces) {
        Objects.requireNonNull(faces, "faces: the site's rule, FaceRule.OFF where there is none");
        config.validate();
        this.config = config;
        this.clock = clock;
        this.supervisor = new CameraSupervisor(config, clock, metrics);
        this.health = new HealthReporter(site, supervisor::health, outbox, clock, metrics, config.healthFullEvery().toMillis());
        this.scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads());
        this.snapshots = new SnapshotHandler(site, supervisor, direct, clock, metrics, config, scheduler, faces);
        this.live = new LiveView(site, supervisor, direct, clock, metrics, config, scheduler, faces);
        this.inventory = new InventoryReporter(site, outbox, clock);
        this.configured = config.cameras();
        ClipConfig c = config.clips();
        if (c.enabled() && (dataDir != null || c.dir() != null)) {
            Path dir = c.dir() != null ? Path.of(c.dir()) : dataDir.resolve("clips");
            this.clips = new EventClips(c, new ClipStore(dir, c.quota().bytes(), c.maxAge().toMillis(), clock, metrics), supervisor, clock,
                    metrics);
            this.clipChunks = new ClipChunkHandler(site, clips.store(), direct, clock, metrics, scheduler, faces);
        } else {
            this.clips = null;
            this.clipChunks = null;
        }
        RecordingConfig r = config.recordings();
        if (r.enabled() && (dataDir != null || r.dir() != null)) {
            Path dir = r.dir() != null ? Path.of(r.dir()) : dataDir.resolve("recordings");
            this.recorder = new Recorder(r, new SegmentStore(dir, r.quota().bytes(), r.maxAge().toMillis(), clock, metrics), supervisor, clock,
                    metrics);
            recorder.cameras(config.cameras());
        } else {
            this.recorder = null;
        }
    }

    /** What a camera's recording holds between two moments (agent time): segments and gaps; empty when it is not recorded here. */
    public Optional<Listing> recordings(String camera, long from, long to) {
        return recorder == null ? Optional.empty() : Optional.of(recorder.store().list(camera, from, to, GAP_TOLERANCE_MS));
    }

    /**
     * Exports a range of a camera's recording as one MP4 clip, kept with the event clips (the hub
     * fetches it the same way); fails with a reason when nothing is recorded in the range.
     */
    public CompletableFuture<ClipRef> export(String camera, long from, long to) {
        if (recorder == null || clips == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("this agent keeps no recordings or no clips"));
        }
        return CompletableFuture.supplyAsync(() -> RecordingExport.export(recorder.store(), clips.store(), camera, from, to,
                io.gmeye.protocols.envelope.Ulid.next(clock.millis())), scheduler);
    }

    /** Where events ask for their clips ({@link ClipRequests#NONE} when this agent makes none). */
    public ClipRequests clips() {
        return clips == null ? ClipRequests.NONE : clips;
    }

    /** The clips kept and lost, for the agent's health; empty when this agent makes none. */
    public Optional<ClipStats> clipStats() {
        return clips == null ? Optional.empty() : Optional.of(clips.store().stats());
    }

    /** The recorded segments kept and lost, for the agent's health; empty when this agent records no camera. */
    public Optional<RecordingStats> recordingStats() {
        if (recorder == null) {
            return Optional.empty();
        }
        QuotaFolder.Stats s = recorder.store().stats();
        return Optional.of(new RecordingStats(s.files(), s.bytes(), s.quotaBytes(), s.evicted(), s.expired(), s.discarded(), s.failed(),
                s.oldestAt()));
    }

    /** A finished clip's file, empty when it is not here (not made, not finished yet, or gone). */
    public Optional<Path> clip(String id) {
        return clips == null ? Optional.empty() : clips.store().find(id);
    }

    public void start() {
        synchronized (this) {
            started = true;
            supervisor.start();
            supervisor.apply(withFound(configured), watched);
            if (recorder != null) {
                recorder.cameras(withFound(configured));
                recorder.start();
            }
        }
        inventory.report(found());
        long every = config.healthChangesEvery().toMillis();
        scheduler.scheduleWithFixedDelay(this::reportHealth, every, every, TimeUnit.MILLISECONDS);
        LOG.info("pulling {} cameras", config.cameras().size());
    }

    /** Command handlers by command name, for the uplink's command router. */
    public Map<String, CommandHandler> commandHandlers() {
        Map<String, CommandHandler> handlers = new java.util.HashMap<>(
                Map.of(SnapshotHandler.NAME, snapshots, LiveView.START, live.startHandler(), LiveView.STOP, live.stopHandler()));
        if (clipChunks != null) {
            handlers.put(ClipChunkHandler.NAME, clipChunks);
        }
        if (recorder != null) {
            handlers.put(RecordingCommands.LIST, RecordingCommands.list(supervisor::knows, this::recordings));
            handlers.put(RecordingCommands.EXPORT, RecordingCommands.export(this::export));
        }
        return Map.copyOf(handlers);
    }

    /** The newest frame of each camera, for inspection and other samplers. */
    public FrameSource frames() {
        return supervisor;
    }

    /** How a camera's stream stands now, as its grabbing thread judged it last. */
    public Optional<GrabStatus> status(String camera) {
        return supervisor.status(camera);
    }

    /** The cameras' health as of the last report tick. */
    public List<CameraHealth> health() {
        return health.latest();
    }

    /**
     * Applies a camera list (from agent.yaml or the hub's configuration), together with the
     * cameras found by GB/T 28181 and ONVIF (a configured camera of the same id wins), and the
     * cameras inspection scenes watch (decoded in full where their decode mode is auto; a handed
     * stream stays open for them): new cameras start, removed ones stop, changed ones restart.
     */
    public synchronized void apply(List<CameraSpec> cameras, Set<String> watchedByScenes) {
        configured = List.copyOf(cameras);
        watched = Set.copyOf(watchedByScenes);
        supervisor.apply(withFound(configured), watched);
        if (recorder != null) {
            recorder.cameras(withFound(configured));
        }
    }

    /** The cameras inspection scenes watch (before or after {@link #start()}). */
    public synchronized void watchedByScenes(Set<String> cameras) {
        watched = Set.copyOf(cameras);
        supervisor.apply(withFound(configured), watched);
    }

    /**
     * A protocol through which cameras are found (GB/T 28181, ONVIF): its cameras join the site's,
     * and the hub hears what to list of them. Call before {@link #start()}.
     */
    public void addFinder(CameraFinder finder) {
        finders.add(finder);
        finder.onChange(this::foundChanged);
        if (finder instanceof StreamSource s) {
            supervisor.addSource(s);
        }
    }

    private void foundChanged() {
        synchronized (this) {
            if (!started || closed) {
                return; // before start the start applies them; after close nothing may start again
            }
            supervisor.apply(withFound(configured), watched);
            if (recorder != null) {
                recorder.cameras(withFound(configured)); // a found camera with a recorded tag is recorded too
            }
        }
        inventory.report(found());
    }

    private List<FoundCamera> found() {
        List<FoundCamera> all = new java.util.ArrayList<>();
        finders.forEach(f -> all.addAll(f.found()));
        return all;
    }

    private List<CameraSpec> withFound(List<CameraSpec> given) {
        java.util.Map<String, CameraSpec> byId = new java.util.LinkedHashMap<>();
        given.forEach(c -> byId.put(c.id(), c));
        for (FoundCamera f : found()) {
            byId.putIfAbsent(f.spec().id(), f.spec());
        }
        return List.copyOf(byId.values());
    }

    public LiveView liveView() {
        return live;
    }

    private void reportHealth() {
        try {
            health.tick();
        } catch (RuntimeException e) {
            LOG.error("camera health report failed", e); // the next tick tries again
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        live.close();
        if (recorder != null) {
            recorder.close();
        }
        if (clips != null) {
            clips.close();
        }
        scheduler.shutdownNow();
        supervisor.close();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "camera-calls-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
