package io.gmeye.rigs.camera;

import java.nio.file.Path;

/**
 * A clip ready to serve: an Annex B elementary stream (H.264 or H.265) with an access unit
 * delimiter before every frame, so an RTSP server can push it frame by frame in a loop like a
 * live camera.
 *
 * @param codec   "h264" or "hevc" (FFmpeg's names)
 * @param gop     frames from one keyframe to the next
 * @param bframes B-frames between reference frames (0: none; then frames leave the decoder as they enter)
 * @param counted whether each frame carries its number as a bar code ({@link FrameCounter})
 */
public record Clip(Path file, String codec, int width, int height, int fps, int gop, int bframes, boolean counted) {
    public Clip(Path file, int width, int height, int fps, int gop) {
        this(file, "h264", width, height, fps, gop, 0, false);
    }

    public boolean hevc() {
        return codec.equals("hevc");
    }

    /** Seconds from one keyframe to the next: how stale a keyframes-only decoder may be. */
    public double keyframeIntervalSeconds() {
        return (double) gop / fps;
    }
}
