package io.gmeye.agent.camera;

import io.gmeye.models.image.BgrImage;

/**
 * A decoded frame handed from a camera's grabber to whoever samples it (inspection, snapshots,
 * live view). The image is a copy the receiver owns; grabbers never hand out their reused buffers.
 *
 * @param capturedAt agent clock, epoch millis, when the frame was decoded
 * @param frameNo    count of frames decoded from this camera since its grabber started
 */
public record CameraFrame(String camera, long capturedAt, long frameNo, BgrImage image) {
}
