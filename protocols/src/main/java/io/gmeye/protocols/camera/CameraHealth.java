package io.gmeye.protocols.camera;

import io.gmeye.protocols.envelope.Require;

/**
 * One camera's stream as the agent sees it.
 *
 * @param fpsIn              video frames (packets) received per second
 * @param fpsDecoded         pictures decoded per second (0 for a camera decoded only on demand, between demands)
 * @param lastFrameAgeMs     age of the newest frame received (its packet), -1 when none yet
 * @param reconnects         connection attempts after the first, since the agent started pulling the camera
 * @param reconnectsLastHour of those, the ones in the last hour: a camera that flaps
 * @param lastError          the newest failure's reason, kept after the camera recovers
 * @param since              agent time the camera entered {@code state}
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
        int reconnectsLastHour,
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
