package io.gmeye.agent.camera.ingest;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.config.CameraSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's cameras: one grabbing thread each, started with a random delay so a box that boots
 * does not open every session in the same instant, restarted if one dies, added and removed as
 * the configuration changes. Consumers read the newest frames through {@link FrameSource}.
 */
public final class CameraSupervisor implements FrameSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSupervisor.class);
    private static final long START_SPREAD_MS = 1_000;

    private final CameraConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, CameraGrabber> grabbers = new LinkedHashMap<>();
    private final List<StreamSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private java.util.Set<String> watched = java.util.Set.of();
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

    /** The cameras inspection scenes watch: a camera opened on demand stays open for them. */
    public synchronized void watchedByScenes(java.util.Set<String> cameras) {
        watched = java.util.Set.copyOf(cameras);
        grabbers.values().forEach(g -> g.watchedByScene(watched.contains(g.camera())));
    }

    public synchronized void start() {
        started = true;
        apply(config.cameras());
        grabbers.values().forEach(CameraGrabber::start);
    }

    /**
     * Brings the running cameras in line with a camera list (from configuration or the hub):
     * new ones start, removed ones stop, changed ones restart.
     */
    public synchronized void apply(List<CameraSpec> cameras) {
        CameraConfig wanted = config.withCameras(cameras);
        wanted.validate();
        Map<String, StreamTarget> targets = new LinkedHashMap<>();
        for (CameraSpec spec : cameras) {
            targets.put(spec.id(), StreamTarget.of(spec, wanted, sources));
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
        for (StreamTarget t : targets.values()) {
            if (!grabbers.containsKey(t.camera())) {
                long delay = started ? ThreadLocalRandom.current().nextLong(START_SPREAD_MS) : 0;
                CameraGrabber g = new CameraGrabber(t, config, clock, metrics, delay);
                g.watchedByScene(watched.contains(t.camera()));
                grabbers.put(t.camera(), g);
                if (started) {
                    g.start();
                }
            }
        }
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
        CameraGrabber g = grabber(camera);
        return g == null ? Optional.empty() : g.slot.latest();
    }

    /** Checks the age before converting: a stale frame costs no conversion. */
    @Override
    public Optional<CameraFrame> fresh(String camera, long nowMs, long maxAgeMs) {
        CameraGrabber g = grabber(camera);
        if (g == null || g.slot.frameNo() == 0 || nowMs - g.slot.capturedAt() > maxAgeMs) {
            return Optional.empty();
        }
        return g.slot.latest().filter(f -> nowMs - f.capturedAt() <= maxAgeMs);
    }

    /** Agent time of a camera's newest frame, 0 when it has none. */
    public long lastFrameAt(String camera) {
        CameraGrabber g = grabber(camera);
        return g == null ? 0 : g.slot.capturedAt();
    }

    /** Number of a camera's newest frame, 0 when none: lets a sampler skip a frame it has seen without converting it. */
    public long latestFrameNo(String camera) {
        CameraGrabber g = grabber(camera);
        return g == null ? 0 : g.slot.frameNo();
    }

    /** Whether a camera's stream is opened only on demand (a GB/T 28181 channel). */
    public boolean onDemand(String camera) {
        CameraGrabber g = grabber(camera);
        return g != null && g.onDemand();
    }

    /**
     * Asks for a camera's pictures now and waits for a frame newer than the one it holds, at most
     * {@code timeoutMs}: a camera opened on demand is opened (an INVITE) and kept open a while.
     * Blocking; false when none came in time.
     */
    public boolean awaitNewFrame(String camera, long timeoutMs) throws InterruptedException {
        CameraGrabber g = grabber(camera);
        if (g == null) {
            return false;
        }
        long have = g.slot.frameNo();
        g.want(clock.millis() + timeoutMs);
        return g.awaitFrame(have, timeoutMs);
    }

    /** A camera opened on demand that is needed now stays open (for its release time from now). */
    public void keepOpen(String camera) {
        CameraGrabber g = grabber(camera);
        if (g != null) {
            g.want(clock.millis() + 1);
        }
    }

    /** While someone watches live, a keyframes-only camera decodes every frame. */
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
