package io.gmeye.agent.camera;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.GreyImage;

/**
 * A decoded frame as a BGR copy the receiver owns (grabbers never hand out their reused buffers):
 * a picture already converted.
 *
 * @param capturedAt agent clock, epoch millis, when the frame's packet arrived
 * @param frameNo    number of the video packet it was decoded from, counted since the camera's grabber started
 */
public record CameraFrame(String camera, long capturedAt, long frameNo, BgrImage image) implements Picture {
    @Override
    public int width() {
        return image.width();
    }

    @Override
    public int height() {
        return image.height();
    }

    @Override
    public BgrImage bgr() {
        return image;
    }

    @Override
    public GreyImage grey(int maxWidth) {
        return GreyImage.of(image, maxWidth);
    }
}
