package io.gmeye.protocols.camera;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * Describes one JPEG of a live view (binary payload, like a snapshot), sent at QoS 0 only while
 * someone watches the camera.
 *
 * @param frameNo    the camera's decoded-frame count, so a viewer can tell a repeat from a new picture
 * @param capturedAt agent time the frame was decoded, epoch millis
 */
public record LiveFrame(String camera, long frameNo, int width, int height, long capturedAt) implements Body {
    public static final String CONTENT_TYPE = "image/jpeg";

    public LiveFrame {
        Require.text(camera, "camera");
        Require.notNegative(frameNo, "frameNo");
    }
}
