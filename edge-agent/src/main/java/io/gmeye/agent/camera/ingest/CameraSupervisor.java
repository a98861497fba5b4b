package io.gmeye.agent.camera.ingest;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.agent.camera.Picture;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.config.CameraSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's cameras: one grabbing thread each, started with a random delay so a box that boots
 * does not open every session in the same instant, restarted if one dies, added and removed as
 * the configuration changes. Consumers get the newest pictures through {@link FrameSource},
 * decoded on demand where a camera is not decoded continuously, and pictures taken after a
 * moment through {@link #pictureAfter}.
 */
public final class CameraSupervisor implements FrameSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSupervisor.class);
    /** New cameras start within this, or 10 ms a camera for many: a thousand handshakes and probes at once swamp a box. */
    private static final long START_SPREAD_MS = 1_000;
    private static final long START_SPREAD_PER_CAMERA_MS = 10;

    private final CameraConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, CameraGrabber> grabbers = new LinkedHashMap<>();
    private final List<StreamSource> sources = new CopyOnWriteArrayList<>();
    private Set<String> watched = Set.of();
    private boolean started;

    public CameraSupervisor(CameraConfig config, Clock clock, Metrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        FfmpegRuntime.init();
    }

    /** Where streams handed to the agent come from (GB/T 28181); before the cameras that use them are applied. */
    public void addSource(StreamSource source) {
        sources.add(source);
    }

    public synchronized void start() {
        started = true;
        apply(config.cameras(), watched);
        grabbers.values().forEach(CameraGrabber::start);
    }

    /**
     * Brings the running cameras in line with a camera list (from configuration or the hub) and
     * the cameras inspection scenes watch (decoded in full when their mode is auto): new ones
     * start, removed ones stop, changed ones restart.
     */
    public synchronized void apply(List<CameraSpec> cameras, Set<String> watchedByScenes) {
        CameraConfig wanted = config.withCameras(cameras);
        wanted.validate();
        watched = Set.copyOf(watchedByScenes);
        Map<String, StreamTarget> targets = new LinkedHashMap<>();
        for (CameraSpec spec : cameras) {
            targets.put(spec.id(), StreamTarget.of(spec, wanted, watched.contains(spec.id()), sources));
        }
        List<CameraGrabber> stopping = new ArrayList<>();
        for (var it = grabbers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            StreamTarget t = targets.get(e.getKey());
            if (t == null || !t.equals(e.getValue().target())) {
                e.getValue().requestStop();
                stopping.add(e.getValue());
                it.remove();
            }
        }
        awaitAll(stopping);
        long spread = Math.max(START_SPREAD_MS, START_SPREAD_PER_CAMERA_MS * targets.size());
        for (StreamTarget t : targets.values()) {
            if (!grabbers.containsKey(t.camera())) {
                long delay = ThreadLocalRandom.current().nextLong(spread);
                CameraGrabber g = new CameraGrabber(t, config, clock, metrics, delay);
                grabbers.put(t.camera(), g);
                if (started) {
                    g.start();
                }
            }
        }
        // a handed stream (opened on demand) stays open while a scene watches it, whatever its decode mode
        grabbers.values().forEach(g -> g.watchedByScene(watched.contains(g.camera())));
    }

    public synchronized boolean knows(String camera) {
        return grabbers.containsKey(camera);
    }

    public synchronized List<String> cameras() {
        return List.copyOf(grabbers.keySet());
    }

    /** Every camera's health now; also restarts any grabbing thread that died of a bug. */
    public List<CameraHealth> health() {
        List<CameraGrabber> all;
        synchronized (this) {
            all = List.copyOf(grabbers.values());
        }
        long now = clock.millis();
        List<CameraHealth> out = new ArrayList<>(all.size());
        for (CameraGrabber g : all) {
            if (g.diedUnexpectedly()) {
                LOG.warn("camera {}: grabbing thread died, starting it again", g.camera());
                metrics.count("camera.grabber.restart");
                g.start();
            }
            out.add(g.health(now));
        }
        return out;
    }

    /** How a camera's stream stands now, without touching the reporter's rate windows. */
    public Optional<GrabStatus> status(String camera) {
        CameraGrabber g = grabber(camera);
        return g == null ? Optional.empty() : Optional.of(g.status());
    }

    @Override
    public Optional<CameraFrame> latest(String camera) {
        try (Picture p = newest(camera).orElse(null)) {
            return p == null ? Optional.empty() : Optional.of(new CameraFrame(camera, p.capturedAt(), p.frameNo(), p.bgr()));
        }
    }

    /**
     * The newest picture of a streaming camera: the one its grabber decoded last where it decodes
     * (every frame, or keyframes), else its newest keyframe decoded now on the caller's thread.
     */
    @Override
    public Optional<Picture> newest(String camera) {
        CameraGrabber g = grabber(camera);
        if (g == null || !g.status().state().countsOnline()) {
            return Optional.empty();
        }
        if (g.decoding() != CameraGrabber.Decoding.NONE) {
            return g.slot.picture().map(p -> p);
        }
        return g.decodeKept(true).map(p -> p);
    }

    @Override
    public long newestFrameNo(String camera) {
        CameraGrabber g = grabber(camera);
        if (g == null) {
            return 0;
        }
        return g.decoding() != CameraGrabber.Decoding.NONE ? g.slot.frameNo() : g.ring.newestKeyframe();
    }

    /** Agent time of a camera's newest video packet, 0 when it has none. */
    public long lastPacketAt(String camera) {
        CameraGrabber g = grabber(camera);
        return g == null ? 0 : g.meter.lastPacketAt();
    }

    /**
     * A picture whose packet arrived at or after {@code since} (a snapshot wants one taken after
     * it was called), within {@code timeoutMs}: the next decoded frame of a camera decoded in full,
     * otherwise everything kept from the newest keyframe decoded once a packet that new is in, on
     * {@code executor}. Fails with {@link NoPicture} and the reason when none can be had in time.
     * A handed stream (a GB/T 28181 channel) not open is opened for it and released later.
     */
    public CompletableFuture<Picture> pictureAfter(String camera, long since, long timeoutMs, java.util.concurrent.Executor executor) {
        CameraGrabber g = grabber(camera);
        if (g == null) {
            return CompletableFuture.failedFuture(new NoPicture("no camera " + camera));
        }
        g.want(clock.millis() + timeoutMs); // a handed stream is opened (an INVITE) for it, or kept open
        return new PictureAfter(g, since, clock.millis() + timeoutMs, executor, clock).start();
    }

    /**
     * Starts copying a camera's video from {@code from} to {@code to} (agent clock) into an MP4 at
     * {@code file}, from the kept keyframe nearest to {@code from}, without decoding; the caller
     * pulls the rest as it arrives. Empty when the camera is unknown or keeps no video that early.
     */
    public Optional<VideoCopy> copy(String camera, long from, long to, java.nio.file.Path file) throws java.io.IOException {
        CameraGrabber g = grabber(camera);
        return g == null ? Optional.empty() : g.copy(from, to, file);
    }

    /** While someone watches live, a camera decodes every frame whatever its mode. */
    public void liveDemand(String camera, boolean watching) {
        CameraGrabber g = grabber(camera);
        if (g != null) {
            if (watching) {
                g.addLiveDemand();
            } else {
                g.removeLiveDemand();
            }
        }
    }

    private synchronized CameraGrabber grabber(String camera) {
        return grabbers.get(camera);
    }

    @Override
    public synchronized void close() {
        List<CameraGrabber> all = List.copyOf(grabbers.values());
        all.forEach(CameraGrabber::requestStop);
        awaitAll(all);
        grabbers.clear();
        started = false;
    }

    private static void awaitAll(List<CameraGrabber> list) {
        for (CameraGrabber g : list) {
            try {
                if (!g.awaitStop(10_000)) {
                    LOG.warn("camera {}: grabbing thread did not stop within 10 s", g.camera());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
