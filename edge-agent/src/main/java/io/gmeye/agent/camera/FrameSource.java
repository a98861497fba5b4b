package io.gmeye.agent.camera;

import java.util.Optional;

/**
 * The newest picture of each camera: no queue that grows, no stale frames. Consumers sample at
 * their own rate.
 */
public interface FrameSource {
    /** The newest picture of a camera as a BGR copy, or empty when it has none (offline, not yet started). */
    Optional<CameraFrame> latest(String camera);

    /**
     * For samplers: the newest picture of a camera that is streaming now, not yet converted, and
     * decoded on demand where nothing decodes the camera continuously. Its content is at most a
     * keyframe interval old. The caller closes it.
     */
    default Optional<Picture> newest(String camera) {
        return latest(camera).map(f -> f);
    }

    /**
     * The {@link Picture#frameNo()} that {@link #newest} would give now, 0 when none, without
     * decoding: a sampler skips a picture it has seen at no cost.
     */
    default long newestFrameNo(String camera) {
        return latest(camera).map(CameraFrame::frameNo).orElse(0L);
    }
}
