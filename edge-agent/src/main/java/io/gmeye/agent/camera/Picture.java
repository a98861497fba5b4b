package io.gmeye.agent.camera;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.GreyImage;

/**
 * A decoded picture of a camera as a sampler gets it: converted only as far as the sampler asks,
 * a small grey picture for a motion check, the full BGR picture for the models or a JPEG. It may
 * hold the decoder's native frame: close it when done.
 */
public interface Picture extends AutoCloseable {
    String camera();

    /** Agent clock, epoch millis, when the packet this picture was decoded from arrived. */
    long capturedAt();

    /** Agent clock when the picture left the decoder: minus {@link #capturedAt()}, how late the decoder let it out. */
    default long decodedAt() {
        return capturedAt();
    }

    /** Number of the video packet it was decoded from, counted since the camera's grabber started: newer content, higher number. */
    long frameNo();

    int width();

    int height();

    /** A BGR copy the caller owns. */
    BgrImage bgr();

    /** A grey copy at most {@code maxWidth} wide, the shape kept. */
    GreyImage grey(int maxWidth);

    @Override
    default void close() {
    }
}
