package io.gmeye.protocols.camera;

import io.gmeye.protocols.envelope.Require;

/**
 * One camera's stream as the agent sees it.
 *
 * @param since          agent time the camera entered {@code state}
 * @param lastFrameAgeMs age of the newest decoded frame, -1 when none yet
 */
public record CameraHealth(
        String camera,
        CameraState state,
        String reason,
        double fpsIn,
        double fpsDecoded,
        long bitrateKbps,
        int width,
        int height,
        String codec,
        long lastFrameAgeMs,
        int reconnects,
        String lastError,
        long since) {
    public CameraHealth {
        Require.text(camera, "camera");
        Require.present(state, "state");
        Require.optional(codec, "codec");
        Require.finite(fpsIn, "fpsIn");
        Require.finite(fpsDecoded, "fpsDecoded");
    }
}
