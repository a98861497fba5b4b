package io.gmeye.protocols.camera;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * Health of a site's cameras in one message: every camera when {@code full}, else only those
 * whose state changed since the last report.
 */
public record CameraHealthBatch(boolean full, List<CameraHealth> cameras) implements Body {
    public CameraHealthBatch {
        cameras = Require.list(cameras);
    }
}
