package io.gmeye.rigs.camera;

import java.nio.file.Path;

/**
 * An H.264 clip (H.265 when its file is named .h265) ready to serve: an Annex B elementary stream
 * with an access unit delimiter before every frame, so a server can push it frame by frame in a
 * loop like a live camera.
 *
 * @param gop frames from one keyframe to the next
 */
public record Clip(Path file, int width, int height, int fps, int gop) {
    public boolean hevc() {
        return file.toString().endsWith(".h265");
    }

    /** Seconds from one keyframe to the next: how stale a keyframes-only decoder may be. */
    public double keyframeIntervalSeconds() {
        return (double) gop / fps;
    }
}
