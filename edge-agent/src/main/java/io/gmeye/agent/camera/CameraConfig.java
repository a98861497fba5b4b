package io.gmeye.agent.camera;

import io.gmeye.agent.camera.clip.ClipConfig;
import io.gmeye.agent.camera.record.RecordingConfig;
import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.topic.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cameras section of the agent's configuration. Every field has a default; zero numbers mean
 * "the default".
 *
 * @param cameras              the site's cameras (id, url, transport tcp|udp, decode auto|full|keyframes|ondemand, tags)
 * @param connectTimeout       from connecting to the first packet; longer means the camera is offline
 * @param ioTimeout            FFmpeg's socket timeout for one read or write (for RTSP at least connectTimeout)
 * @param stallAfter           watchdog: no packet for this long and the stream is restarted
 * @param backoffMin           first wait before reconnecting; doubles on each failure
 * @param backoffMax           longest wait between reconnects (a recovered camera is back within it)
 * @param backoffJitter        share of the wait drawn at random, so cameras do not reconnect in step
 * @param minReconnectInterval never two connection attempts to a camera closer than this
 *                             (cameras that allow few sessions are not hammered)
 * @param degradedHold         a stream with decode errors or a low frame rate stays degraded this long
 * @param healthChangesEvery   how often state changes are looked for and sent
 * @param healthFullEvery      how often every camera's health is sent
 * @param snapshotWait         how long a snapshot on call may wait for, and decode, a picture taken after the call
 * @param snapshotQuality      JPEG quality of snapshots, 0..1
 * @param liveFps              live-view frames per second
 * @param liveLease            a live view stops unless renewed within this
 * @param liveQuality          JPEG quality of live frames, 0..1
 * @param decodeThreads        decoder threads per camera (1: many cameras share the cores better)
 * @param keepPackets          compressed video kept per camera (bytes), to decode pictures on demand and for event clips' pre-roll
 * @param clips                event clips: pre- and post-roll, where they are kept, quota and retention
 * @param recordings           rolling recordings of the cameras opted in (by id or tag): segments, retention, quota
 */
public record CameraConfig(
        List<CameraSpec> cameras,
        Duration connectTimeout,
        Duration ioTimeout,
        Duration stallAfter,
        Duration backoffMin,
        Duration backoffMax,
        double backoffJitter,
        Duration minReconnectInterval,
        Duration degradedHold,
        Duration healthChangesEvery,
        Duration healthFullEvery,
        Duration snapshotWait,
        double snapshotQuality,
        double liveFps,
        Duration liveLease,
        double liveQuality,
        int decodeThreads,
        ByteSize keepPackets,
        ClipConfig clips,
        RecordingConfig recordings) implements Validated {

    public static final Set<String> TRANSPORTS = CameraSpec.TRANSPORTS;
    public static final Set<String> DECODE_MODES = CameraSpec.DECODE_MODES;

    public CameraConfig {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        connectTimeout = or(connectTimeout, Duration.ofSeconds(10));
        ioTimeout = or(ioTimeout, Duration.ofSeconds(5));
        stallAfter = or(stallAfter, Duration.ofSeconds(5));
        backoffMin = or(backoffMin, Duration.ofSeconds(1));
        backoffMax = or(backoffMax, Duration.ofSeconds(5));
        backoffJitter = backoffJitter == 0 ? 0.25 : backoffJitter;
        minReconnectInterval = or(minReconnectInterval, Duration.ofSeconds(2));
        degradedHold = or(degradedHold, Duration.ofSeconds(10));
        healthChangesEvery = or(healthChangesEvery, Duration.ofSeconds(1));
        healthFullEvery = or(healthFullEvery, Duration.ofSeconds(60));
        snapshotWait = or(snapshotWait, Duration.ofMillis(1500));
        snapshotQuality = snapshotQuality == 0 ? 0.85 : snapshotQuality;
        liveFps = liveFps == 0 ? 2 : liveFps;
        liveLease = or(liveLease, Duration.ofSeconds(30));
        liveQuality = liveQuality == 0 ? 0.6 : liveQuality;
        decodeThreads = decodeThreads == 0 ? 1 : decodeThreads;
        keepPackets = keepPackets == null ? new ByteSize(8L << 20) : keepPackets;
        clips = clips == null ? ClipConfig.defaults() : clips;
        recordings = recordings == null ? RecordingConfig.none() : recordings;
    }

    /** Default clips, no recordings. */
    public CameraConfig(List<CameraSpec> cameras, Duration connectTimeout, Duration ioTimeout, Duration stallAfter, Duration backoffMin,
                        Duration backoffMax, double backoffJitter, Duration minReconnectInterval, Duration degradedHold,
                        Duration healthChangesEvery, Duration healthFullEvery, Duration snapshotWait, double snapshotQuality, double liveFps,
                        Duration liveLease, double liveQuality, int decodeThreads, ByteSize keepPackets) {
        this(cameras, connectTimeout, ioTimeout, stallAfter, backoffMin, backoffMax, backoffJitter, minReconnectInterval, degradedHold,
                healthChangesEvery, healthFullEvery, snapshotWait, snapshotQuality, liveFps, liveLease, liveQuality, decodeThreads, keepPackets,
                null, null);
    }

    /** Defaults for everything, with these cameras. */
    public static CameraConfig of(List<CameraSpec> cameras) {
        return new CameraConfig(cameras, null, null, null, null, null, 0, null, null, null, null, null, 0, 0, null, 0, 0, null, null, null);
    }

    public CameraConfig withCameras(List<CameraSpec> newCameras) {
        return new CameraConfig(newCameras, connectTimeout, ioTimeout, stallAfter, backoffMin, backoffMax, backoffJitter,
                minReconnectInterval, degradedHold, healthChangesEvery, healthFullEvery, snapshotWait, snapshotQuality,
                liveFps, liveLease, liveQuality, decodeThreads, keepPackets, clips, recordings);
    }

    @Override
    public void validate() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cameras.size(); i++) {
            CameraSpec c = cameras.get(i);
            String at = "cameras[" + i + "]";
            if (!Topics.validId(c.id())) {
                throw new IllegalArgumentException(at + ".id: '" + c.id() + "' is not a valid id (letters, digits, _ . : -; at most 64)");
            }
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException(at + ".id: '" + c.id() + "' is used twice");
            }
            if (!c.url().startsWith("rtsp://") && !c.url().startsWith("rtsps://") && !c.url().startsWith("file:")
                    && !c.url().startsWith("gb28181:")) {
                throw new IllegalArgumentException(at + ".url: must start with rtsp://, rtsps:// or file: (gb28181: names a channel)");
            }
            if (!TRANSPORTS.contains(c.transport())) {
                throw new IllegalArgumentException(at + ".transport: '" + c.transport() + "' (use tcp or udp)");
            }
            if (!DECODE_MODES.contains(c.decode())) {
                throw new IllegalArgumentException(at + ".decode: '" + c.decode() + "' (use auto, full, keyframes or ondemand)");
            }
            if (!CameraSpec.READERS.contains(c.readerMode())) {
                throw new IllegalArgumentException(at + ".reader: '" + c.reader() + "' (use auto, native or ffmpeg)");
            }
        }
        positive(connectTimeout, "connectTimeout");
        positive(ioTimeout, "ioTimeout");
        positive(stallAfter, "stallAfter");
        positive(backoffMin, "backoffMin");
        positive(healthChangesEvery, "healthChangesEvery");
        positive(healthFullEvery, "healthFullEvery");
        positive(snapshotWait, "snapshotWait");
        positive(liveLease, "liveLease");
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoffMax: " + backoffMax + " is shorter than backoffMin " + backoffMin);
        }
        if (minReconnectInterval.isNegative()) {
            throw new IllegalArgumentException("minReconnectInterval: must not be negative");
        }
        share(backoffJitter, "backoffJitter");
        share(snapshotQuality, "snapshotQuality");
        share(liveQuality, "liveQuality");
        if (liveFps < 0 || liveFps > 25) {
            throw new IllegalArgumentException("liveFps: must be between 0 and 25, got " + liveFps);
        }
        if (decodeThreads < 0 || decodeThreads > 16) {
            throw new IllegalArgumentException("decodeThreads: must be between 1 and 16, got " + decodeThreads);
        }
        if (keepPackets.bytes() < (256 << 10)) {
            throw new IllegalArgumentException("keepPackets: at least 256KiB (a keyframe must fit), got " + keepPackets.bytes() + " bytes");
        }
        try {
            clips.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("clips." + e.getMessage(), e);
        }
        try {
            recordings.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recordings." + e.getMessage(), e);
        }
    }

    private static Duration or(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static void positive(Duration d, String field) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": must be longer than zero, got " + d);
        }
    }

    private static void share(double v, String field) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(field + ": must be above 0 and at most 1, got " + v);
        }
    }
}
