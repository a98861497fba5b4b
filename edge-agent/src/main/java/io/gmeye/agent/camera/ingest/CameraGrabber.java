package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one camera on its own thread: connect, read packets until the stream breaks or stalls,
 * then back off and connect again, for as long as the camera is configured. Every packet is
 * counted (health needs no pixels) and kept from the newest keyframe on; what is decoded here
 * depends on the camera's mode and on whether someone watches it live (see {@link #decoding}).
 * Only this thread touches the connection's FFmpeg handles; others ask it to stop through the
 * watch, and decode kept packets with decoders of their own. A stream handed to the agent (a
 * GB/T 28181 channel, {@link StreamSource}) is opened only while something needs its pictures
 * and closed (BYE) a while after the last need; idle, its health is its source's word.
 */
final class CameraGrabber implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraGrabber.class);
    private static final long RATE_WINDOW_MS = 5_000;
    private static final long HOUR_MS = 3_600_000;
    /** A stream that lost more than this share of its pictures in the last minute reads degraded. */
    static final double LOST_SHARE_DEGRADED = 0.05;
    /** Fewer pictures lost in a minute say nothing of the stream (a session joined mid-picture loses its first). */
    static final int LOST_FEW = 3;

    /** What the grabbing thread decodes now. */
    enum Decoding { NONE, KEYFRAMES, ALL }

    private final StreamTarget target;
    private final CameraConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final long startDelayMs;
    private final StreamWatch watch;
    private final Backoff backoff;
    final FrameSlot slot;
    final PacketRing ring;
    final StreamMeter meter = new StreamMeter();
    private final AtomicInteger liveDemand = new AtomicInteger();
    private final HandedDemand handed;

    private volatile GrabStatus status;
    private volatile VideoInput.StreamInfo info;
    /** Whether the newest connection's reader counts the pictures lost on the wire (the agent's own does, FFmpeg's not). */
    private volatile boolean countsLoss;
    private volatile Thread thread;
    private volatile Decoding decoding = Decoding.NONE;
    private long packetNo;
    /** Set once the agent's own reader found the camera offers what it does not take: FFmpeg's reads it from then on. */
    private boolean nativeRefused;

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
        this.ring = new PacketRing(target.keepBytes(), target.keepMillis());
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

    /** What the grabbing thread decodes now: with ALL or KEYFRAMES its slot holds the newest picture. */
    Decoding decoding() {
        return decoding;
    }

    /**
     * Decodes a picture from the kept packets on the calling thread: the newest keyframe alone, or
     * everything kept (the newest picture the stream has delivered). Empty when nothing
     * decodable is kept.
     */
    java.util.Optional<DecodedPicture> decodeKept(boolean keyframeOnly) {
        var p = OnDemandDecode.decode(target.camera(), ring, keyframeOnly, target.decodeThreads(), clock, metrics);
        p.ifPresent(x -> meter.decoded(clock.millis()));
        return p;
    }

    /** Starts copying the video from {@code from} to {@code to} (agent clock) into an MP4 file; empty when none is kept. */
    java.util.Optional<VideoCopy> copy(long from, long to, java.nio.file.Path file) throws java.io.IOException {
        return VideoCopy.start(ring, from, to, file);
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

    /** A live viewer wants every frame, whatever the camera's mode. */
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

    @Override
    public void run() {
        AVPacket packet = av_packet_alloc();
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
                    meter.reconnected(lastAttempt);
                }
                first = false;
                boolean delivered = pullOnce(packet);
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
            av_packet_free(packet);
            decoding = Decoding.NONE;
            slot.close();
            ring.close();
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

    /** One connection, from open to failure. Returns whether it delivered video. */
    private boolean pullOnce(AVPacket packet) {
        long packetsBefore = packetNo;
        LiveDecoder decoder = new LiveDecoder();
        if (handed != null) {
            handed.opening();
        }
        try (VideoInput stream = openStream()) {
            info = stream.info();
            countsLoss = stream.picturesLost() >= 0;
            long lostSeen = Math.max(0, stream.picturesLost());
            ring.connected(stream.parameters(), stream.timeBase(), clock.millis());
            metrics.count("camera.connect", "outcome", "ok", "reader", stream instanceof NativeRtspStream ? "native" : "ffmpeg");
            while (!watch.stopRequested()) {
                if (handed != null && !handed.stillNeeded(liveDemand.get() > 0)) {
                    break; // nothing needs the stream any more: closing it sends the BYE
                }
                decoder.follow(wanted(), stream);
                stream.readVideo(packet, target, watch);
                long lost = stream.picturesLost();
                if (lost > lostSeen) {
                    meter.lost((int) (lost - lostSeen));
                    lostSeen = lost;
                }
                if (stream.info() != info) {
                    info = stream.info(); // a reader may learn the frame rate from the first pictures
                }
                try {
                    long now = clock.millis();
                    long n = ++packetNo;
                    boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                    watch.packet(now);
                    meter.packet(now, packet.size(), (packet.flags() & AV_PKT_FLAG_CORRUPT) != 0);
                    // arrival: when FFmpeg took it off the network (a packet read while probing the stream waited in its buffer)
                    ring.add(packet, n, now - stream.heldMs(packet, System.currentTimeMillis()), key, packet.size());
                    if (status.state() != CameraState.ONLINE) {
                        setState(CameraState.ONLINE, "streaming", status.lastError()); // packets flowing: online, pixels or not
                    }
                    decoder.decode(packet, n, key);
                } finally {
                    av_packet_unref(packet);
                }
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
        } finally {
            watch.closed();
            decoder.close();
            ring.disconnected();
            slot.clear();
        }
        return packetNo > packetsBefore;
    }

    /**
     * The camera's stream through the agent's own RTSP/TCP reader where it serves the camera, else
     * through FFmpeg's (the reason logged once).
     */
    private VideoInput openStream() throws StreamFailure {
        if (target.ffmpegBecause() == null && !nativeRefused) {
            try {
                return NativeRtspStream.open(target, watch);
            } catch (NativeRtspStream.NotServed e) {
                nativeRefused = true;
                LOG.info("camera {}: {}; FFmpeg's reader reads it", target.camera(), e.getMessage());
            }
        } else if (target.ffmpegBecause() != null && target.url().startsWith("rtsp://") && !nativeRefused) {
            nativeRefused = true; // said once
            LOG.info("camera {}: FFmpeg's reader reads it ({})", target.camera(), target.ffmpegBecause());
        }
        return FfmpegStream.open(target, watch, clock);
    }

    /** What to decode now: every frame while someone watches live, else what the camera's mode says. */
    private Decoding wanted() {
        if (liveDemand.get() > 0 || target.mode() == DecodeMode.FULL) {
            return Decoding.ALL;
        }
        return target.mode() == DecodeMode.KEYFRAMES ? Decoding.KEYFRAMES : Decoding.NONE;
    }

    /**
     * The grabbing thread's decoder, following the wanted decoding. Switching to every frame
     * starts from the kept packets (the newest keyframe and what followed), so a viewer gets a
     * picture at once, not at the next keyframe; switching to none frees the decoder and the
     * held picture.
     */
    private final class LiveDecoder implements AutoCloseable {
        private VideoDecoder decoder;
        private boolean needKey;
        private final VideoDecoder.Sink sink = this::publish;

        void follow(Decoding want, VideoInput stream) throws StreamFailure {
            if (want == decoding && (want == Decoding.NONE || decoder != null)) {
                return;
            }
            if (want == Decoding.NONE) {
                close();
                slot.clear();
                return;
            }
            if (decoder == null) {
                decoder = VideoDecoder.open(stream.parameters(), target.decodeThreads());
            } else {
                decoder.reset();
            }
            decoding = want;
            if (want == Decoding.KEYFRAMES) {
                decoder.keyframesOnly();
                return;
            }
            decoder.decodeEverything();
            needKey = !catchUp();
        }

        /** Decodes the kept packets, skipping frames nothing refers to but the newest; false when none are kept. */
        private boolean catchUp() {
            try (PacketRing.Run run = ring.take(false).orElse(null)) {
                if (run == null) {
                    return false;
                }
                var packets = run.packets();
                for (int i = 0; i < packets.size(); i++) {
                    if (i == packets.size() - 1) {
                        decoder.decodeEverything();
                    } else {
                        decoder.skipUnreferenced();
                    }
                    decoder.decode(packets.get(i).packet(), packets.get(i).number(), sink);
                }
                decoder.decodeEverything();
                return true;
            }
        }

        void decode(AVPacket packet, long number, boolean key) {
            Decoding d = decoding;
            if (decoder == null || d == Decoding.NONE || (d == Decoding.KEYFRAMES && !key) || (needKey && !key)) {
                return; // not decoded at all: no cost
            }
            needKey = false;
            decoder.decode(packet, number, sink);
            if (d == Decoding.KEYFRAMES) {
                decoder.drain(sink); // a keyframe comes out when it goes in, not when later keyframes push it out
            }
        }

        private void publish(AVFrame frame, long number) {
            long now = clock.millis();
            meter.decoded(now);
            long at = ring.arrivalOf(number);
            slot.publish(frame, number, at == 0 ? now : at, now);
        }

        @Override
        public void close() {
            decoding = Decoding.NONE;
            if (decoder != null) {
                decoder.close();
                decoder = null;
            }
        }
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
     * The camera's health now. An online stream is reported degraded while it lost more than
     * {@link #LOST_SHARE_DEGRADED} of its pictures on the wire in the last minute, brings damaged
     * packets (UDP loss) or less than half its nominal frame rate. Called by one reporter thread.
     */
    CameraHealth health(long now) {
        GrabStatus s = status;
        VideoInput.StreamInfo i = info;
        StreamMeter.Rates r = meter.rates(now, RATE_WINDOW_MS);
        CameraState state = s.state();
        String reason = s.reason();
        if (state == CameraState.ONLINE) {
            long hold = config.degradedHold().toMillis();
            if (r.lostLastMinute() >= LOST_FEW && r.lostShare() > LOST_SHARE_DEGRADED) {
                state = CameraState.DEGRADED;
                reason = "lost " + Math.round(r.lostShare() * 100) + "% of its pictures in the last minute (RTP packets lost)";
            } else if (meter.lastCorruptAt() > 0 && now - meter.lastCorruptAt() < hold) {
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
        long lastPacketAt = meter.lastPacketAt();
        return new CameraHealth(target.camera(), state, reason, round(r.fpsIn()), round(r.fpsDecoded()), r.kbps(),
                i == null ? 0 : i.width(), i == null ? 0 : i.height(), i == null ? null : i.codec(),
                // max: a packet may land between the reporter's clock read and this one
                lastPacketAt == 0 ? -1 : Math.max(0, now - lastPacketAt), s.reconnects(), meter.reconnectsSince(now - HOUR_MS), s.lastError(),
                reportedSince, countsLoss ? meter.lostCount() : -1, countsLoss ? r.lostLastMinute() : -1);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
