package io.gmeye.agent.camera.ingest;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one camera on its own thread: connect, read and decode until the stream breaks or stalls,
 * then back off and connect again, for as long as the camera is configured. Only this thread
 * touches the camera's FFmpeg handles; others ask it to stop through the watch.
 */
final class CameraGrabber implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraGrabber.class);
    private static final long RATE_WINDOW_MS = 5_000;

    private final StreamTarget target;
    private final CameraConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final long startDelayMs;
    private final StreamWatch watch;
    private final Backoff backoff;
    final FrameSlot slot;
    final StreamMeter meter = new StreamMeter();
    private final AtomicInteger liveDemand = new AtomicInteger();
    private final HandedDemand handed;

    private final Object arrivals = new Object();
    private volatile GrabStatus status;
    private volatile FfmpegStream.StreamInfo info;
    private volatile Thread thread;
    private long frameNo;

    // written and read only by the health reporter's thread
    private CameraState reportedState;
    private long reportedSince;

    CameraGrabber(StreamTarget target, CameraConfig config, Clock clock, Metrics metrics, long startDelayMs) {
        this.target = target;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.startDelayMs = startDelayMs;
        // a handed stream's silence is judged by its source's no-data timeout, with its own reason (收流超时)
        long stallAfter = target.source() == null ? config.stallAfter().toMillis()
                : Math.max(config.stallAfter().toMillis(), target.source().noDataTimeoutMs() + 1_000);
        this.watch = new StreamWatch(clock, config.connectTimeout().toMillis(), stallAfter);
        this.handed = target.source() == null ? null : new HandedDemand(target.source().releaseAfterMs(), clock);
        this.backoff = new Backoff(config.backoffMin().toMillis(), config.backoffMax().toMillis(), config.backoffJitter(),
                config.minReconnectInterval().toMillis(), ThreadLocalRandom.current());
        this.slot = new FrameSlot(target.camera());
        this.status = new GrabStatus(CameraState.OFFLINE, "connecting", clock.millis(), null, 0);
    }

    String camera() {
        return target.camera();
    }

    StreamTarget target() {
        return target;
    }

    GrabStatus status() {
        return status;
    }

    synchronized void start() {
        if (thread == null || (!thread.isAlive() && !watch.stopRequested())) {
            Thread t = new Thread(this, "camera-" + target.camera());
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** The grabbing thread, for measuring its CPU time. */
    Thread thread() {
        return thread;
    }

    /** True when the thread died without being asked to (a bug): the supervisor starts it again. */
    boolean diedUnexpectedly() {
        Thread t = thread;
        return t != null && !t.isAlive() && !watch.stopRequested();
    }

    /** Asks the thread to stop; it leaves any blocking FFmpeg call within the callback's next check. */
    void requestStop() {
        watch.requestStop();
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // wakes a backoff sleep; FFmpeg calls are left through the watch
        }
    }

    boolean awaitStop(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
            return !t.isAlive();
        }
        return true;
    }

    /** A live viewer wants every frame, also from a keyframes-only camera. */
    void addLiveDemand() {
        liveDemand.incrementAndGet();
    }

    void removeLiveDemand() {
        liveDemand.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** For a handed stream (opened only on demand): someone needs pictures until then. No effect on a pulled camera. */
    void want(long untilMs) {
        if (handed != null) {
            handed.want(untilMs);
        }
    }

    /** For a handed stream: an inspection scene watches it, so it stays open. */
    void watchedByScene(boolean watched) {
        if (handed != null) {
            handed.watched(watched);
        }
    }

    /** Whether the camera's stream is opened only on demand (a GB/T 28181 channel). */
    boolean onDemand() {
        return handed != null;
    }

    /** Waits until a frame newer than {@code frameNo} is in the slot, at most {@code timeoutMs}; false on timeout. */
    boolean awaitFrame(long frameNo, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (arrivals) {
            while (slot.frameNo() <= frameNo) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                arrivals.wait(left);
            }
            return true;
        }
    }

    @Override
    public void run() {
        try {
            if (!sleep(startDelayMs)) {
                return;
            }
            long lastAttempt = 0;
            boolean first = true;
            while (!watch.stopRequested()) {
                if (handed != null && !awaitDemand()) {
                    break;
                }
                lastAttempt = clock.millis();
                if (!first) {
                    status = status.withReconnect();
                }
                first = false;
                boolean delivered = pullOnce();
                if (watch.stopRequested()) {
                    break;
                }
                if (handed != null && handed.released()) {
                    first = true; // released because nothing needs it: the next demand opens it at once
                    continue;
                }
                if (delivered) {
                    backoff.reset();
                }
                if (!sleep(backoff.nextDelay(lastAttempt, clock.millis()))) {
                    break;
                }
            }
        } finally {
            slot.close();
            watch.close();
        }
    }

    /**
     * A handed stream waits, not connected, until something needs it and its source can stream it;
     * meanwhile its health is what its source says (device alive and channel on: online, streamed
     * on demand; else offline with the device's reason). False when stopped.
     */
    private boolean awaitDemand() {
        while (!watch.stopRequested()) {
            StreamSource.Availability a = target.source().availability(target.camera());
            if (a.available() && handed.wanted(liveDemand.get() > 0)) {
                return true; // an offline device is not invited: its channel says why it is offline instead
            }
            CameraState idle = a.available() ? CameraState.ONLINE : CameraState.OFFLINE;
            if (status.state() != idle || !a.reason().equals(status.reason())) {
                info = null; // no stream, no rates to judge
                setState(idle, a.reason(), status.lastError());
            }
            try {
                handed.awaitWant(500);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    /** One connection, from open to failure. Returns whether it delivered frames. */
    private boolean pullOnce() {
        long framesBefore = meter.decodedCount();
        if (handed != null) {
            handed.opening();
        }
        try (FfmpegStream stream = FfmpegStream.open(target, watch, clock)) {
            info = stream.info();
            metrics.count("camera.connect", "outcome", "ok");
            FfmpegStream.PacketSink packets = (bytes, key, corrupt) -> {
                long now = clock.millis();
                watch.packet(now);
                meter.packet(now, bytes, corrupt);
            };
            FfmpegStream.FrameSink frames = frame -> {
                long now = clock.millis();
                frameNo++;
                meter.decoded(now);
                slot.publish(frame, now, frameNo);
                synchronized (arrivals) {
                    arrivals.notifyAll();
                }
                if (status.state() != CameraState.ONLINE) {
                    setState(CameraState.ONLINE, "streaming", status.lastError());
                }
            };
            while (!watch.stopRequested()) {
                if (handed != null && !handed.stillNeeded(liveDemand.get() > 0)) {
                    break; // nothing needs the stream any more: closing it sends the BYE
                }
                stream.decodeAll(liveDemand.get() > 0);
                stream.readOne(packets, frames, target, watch);
            }
        } catch (StreamFailure f) {
            if (!watch.stopRequested()) {
                metrics.count("camera.stream.failure", "state", f.state().wire());
                if (!f.reason().equals(status.lastError())) {
                    LOG.info("camera {}: {}", target.camera(), f.reason()); // once per new reason, not per retry
                }
                setState(f.state(), f.reason(), f.reason());
            }
        } catch (RuntimeException | Error e) {
            metrics.count("camera.stream.failure", "state", "error");
            String reason = "internal error: " + e;
            setState(CameraState.OFFLINE, reason, reason);
            LOG.error("camera {}: grabbing failed", target.camera(), e);
        }
        return meter.decodedCount() > framesBefore;
    }

    private void setState(CameraState state, String reason, String lastError) {
        GrabStatus s = status;
        long since = s.state() == state ? s.since() : clock.millis();
        status = new GrabStatus(state, reason, since, lastError, s.reconnects());
    }

    private boolean sleep(long ms) {
        if (ms <= 0) {
            return !watch.stopRequested();
        }
        try {
            Thread.sleep(ms);
            return !watch.stopRequested();
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * The camera's health now. An online stream is reported degraded while it brings damaged
     * packets (UDP loss) or less than half its nominal frame rate. Called by one reporter thread.
     */
    CameraHealth health(long now) {
        GrabStatus s = status;
        FfmpegStream.StreamInfo i = info;
        StreamMeter.Rates r = meter.rates(now, RATE_WINDOW_MS);
        CameraState state = s.state();
        String reason = s.reason();
        if (state == CameraState.ONLINE) {
            long hold = config.degradedHold().toMillis();
            if (meter.lastCorruptAt() > 0 && now - meter.lastCorruptAt() < hold) {
                state = CameraState.DEGRADED;
                reason = "damaged packets in the last " + hold / 1000 + " s (packet loss)";
            } else if (i != null && i.nominalFps() > 0 && now - s.since() > RATE_WINDOW_MS && r.fpsIn() < i.nominalFps() / 2) {
                state = CameraState.DEGRADED;
                reason = String.format("receiving %.1f of %.1f frames per second", r.fpsIn(), i.nominalFps());
            }
        }
        if (state != reportedState) {
            reportedSince = state == s.state() ? s.since() : now;
            reportedState = state;
        }
        long lastFrameAt = meter.lastFrameAt();
        return new CameraHealth(target.camera(), state, reason, round(r.fpsIn()), round(r.fpsDecoded()), r.kbps(),
                i == null ? 0 : i.width(), i == null ? 0 : i.height(), i == null ? null : i.codec(),
                lastFrameAt == 0 ? -1 : now - lastFrameAt, s.reconnects(), s.lastError(), reportedSince);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
