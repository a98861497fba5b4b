package io.gmeye.agent.camera;

import java.util.Optional;

/**
 * The newest frame of each camera, held in a latest-frame slot: no queue that grows, no stale
 * frames. Consumers sample at their own rate.
 */
public interface FrameSource {
    /** The newest frame of a camera, or empty when it has none (offline, not yet started). */
    Optional<CameraFrame> latest(String camera);

    /** Frames at most {@code maxAgeMs} old, so a stalled camera does not feed yesterday's picture. */
    default Optional<CameraFrame> fresh(String camera, long nowMs, long maxAgeMs) {
        return latest(camera).filter(f -> nowMs - f.capturedAt() <= maxAgeMs);
    }
}
