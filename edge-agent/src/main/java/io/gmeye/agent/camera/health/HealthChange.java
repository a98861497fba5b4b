package io.gmeye.agent.camera.health;

import io.gmeye.protocols.camera.CameraHealth;
import java.util.Objects;

/**
 * Whether a camera's health differs enough from what the hub was last told to be sent before the
 * next full report: any change of state, reason, error, codec, size or reconnects, and numbers
 * (frame rates, bitrate, pictures lost in the last minute)
 * that moved beyond the noise of their measurement (so the hub shows a right frame rate within
 * seconds, and a site of a thousand healthy cameras sends nothing between full reports).
 */
final class HealthChange {
    /** Frame rates within this share of each other are the same rate measured twice. */
    static final double FPS_SHARE = 0.15;
    /** Bitrates within this share are the same stream (a scene with more motion costs more bits). */
    static final double BITRATE_SHARE = 0.3;
    /** Counts of pictures lost in a minute within this share of each other are the same loss (it starts, stops or moves). */
    static final double LOST_SHARE = 0.3;
    /** A newest frame younger than two frame intervals and this is on time. */
    static final long AGE_SLACK_MS = 1_000;

    private HealthChange() {
    }

    static boolean significant(CameraHealth told, CameraHealth now) {
        if (told == null) {
            return true;
        }
        return told.state() != now.state()
                || !Objects.equals(told.reason(), now.reason())
                || !Objects.equals(told.lastError(), now.lastError())
                || !Objects.equals(told.codec(), now.codec())
                || told.width() != now.width() || told.height() != now.height()
                || told.reconnects() != now.reconnects() || told.reconnectsLastHour() != now.reconnectsLastHour()
                || beyond(told.fpsIn(), now.fpsIn(), FPS_SHARE)
                || beyond(told.fpsDecoded(), now.fpsDecoded(), FPS_SHARE)
                || beyond(told.bitrateKbps(), now.bitrateKbps(), BITRATE_SHARE)
                || beyond(told.picturesLostLastMinute(), now.picturesLostLastMinute(), LOST_SHARE)
                || late(told) != late(now);
    }

    /** Two measurements differ by more than {@code share} of the larger (and by more than rounding). */
    private static boolean beyond(double a, double b, double share) {
        double diff = Math.abs(a - b);
        return diff > 0.05 && diff > share * Math.max(Math.abs(a), Math.abs(b));
    }

    /** The newest frame is older than the stream's frame rate explains: frames stopped coming. */
    private static boolean late(CameraHealth h) {
        if (h.lastFrameAgeMs() < 0) {
            return true;
        }
        long interval = h.fpsIn() > 0 ? Math.round(1000 / h.fpsIn()) : 0;
        return h.lastFrameAgeMs() > 2 * interval + AGE_SLACK_MS;
    }
}
