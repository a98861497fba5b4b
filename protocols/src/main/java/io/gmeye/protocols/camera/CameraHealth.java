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
 * @param picturesLost       pictures the agent threw away because RTP packets of them were lost on the
 *                           wire, since it started pulling the camera; -1 where the reader does not
 *                           count them (FFmpeg's: UDP cameras, {@code reader: ffmpeg})
 * @param picturesLostLastMinute of those, the ones in the last minute (-1 where not counted)
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
        long since,
        long picturesLost,
        long picturesLostLastMinute) {
    public CameraHealth {
        Require.text(camera, "camera");
        Require.present(state, "state");
        Require.optional(codec, "codec");
        Require.finite(fpsIn, "fpsIn");
        Require.finite(fpsDecoded, "fpsDecoded");
    }

    /** Health from a source that loses no pictures on the wire (a simulator, a camera removed from the site). */
    public CameraHealth(String camera, CameraState state, String reason, double fpsIn, double fpsDecoded, long bitrateKbps,
                        int width, int height, String codec, long lastFrameAgeMs, int reconnects, int reconnectsLastHour,
                        String lastError, long since) {
        this(camera, state, reason, fpsIn, fpsDecoded, bitrateKbps, width, height, codec, lastFrameAgeMs, reconnects,
                reconnectsLastHour, lastError, since, 0, 0);
    }
}
