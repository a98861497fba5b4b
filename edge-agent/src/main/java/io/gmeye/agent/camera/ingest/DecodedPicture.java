package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.gmeye.agent.camera.Picture;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.GreyImage;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A picture as the decoder made it: a reference to its native frame (no pixel copy), converted
 * when and as far as the holder asks. Not shared between threads; close it when done.
 */
final class DecodedPicture implements Picture {
    private final String camera;
    private final long capturedAt;
    private final long frameNo;
    private final long decodedAt;
    private AVFrame frame;

    /** Takes a new reference to {@code decoded}; the decoder may reuse its own frame at once. */
    DecodedPicture(String camera, AVFrame decoded, long capturedAt, long frameNo, long decodedAt) {
        this.camera = camera;
        this.capturedAt = capturedAt;
        this.frameNo = frameNo;
        this.decodedAt = decodedAt;
        this.frame = av_frame_alloc();
        if (av_frame_ref(frame, decoded) < 0) {
            av_frame_free(frame);
            throw new IllegalStateException("cannot reference a decoded frame of camera " + camera);
        }
    }

    @Override
    public String camera() {
        return camera;
    }

    @Override
    public long capturedAt() {
        return capturedAt;
    }

    @Override
    public long frameNo() {
        return frameNo;
    }

    @Override
    public long decodedAt() {
        return decodedAt;
    }

    @Override
    public int width() {
        return live().width();
    }

    @Override
    public int height() {
        return live().height();
    }

    @Override
    public BgrImage bgr() {
        AVFrame f = live();
        return new BgrImage(f.width(), f.height(), scale(f, f.width(), f.height(), AV_PIX_FMT_BGR24, 3, SWS_BILINEAR));
    }

    /** Scaled straight from the decoded brightness (area averaging): a few thousand pixels, not a full colour conversion. */
    @Override
    public GreyImage grey(int maxWidth) {
        AVFrame f = live();
        int w = Math.min(maxWidth, f.width());
        int h = GreyImage.heightFor(w, f.width(), f.height());
        return new GreyImage(w, h, scale(f, w, h, AV_PIX_FMT_GRAY8, 1, SWS_AREA));
    }

    private byte[] scale(AVFrame f, int w, int h, int format, int bytesPerPixel, int flags) {
        SwsContext sws = sws_getContext(f.width(), f.height(), f.format(), w, h, format, flags, null, null, (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("cannot convert camera " + camera + "'s pixel format " + f.format());
        }
        byte[] out = new byte[w * h * bytesPerPixel];
        try (BytePointer buf = new BytePointer(out.length);
             PointerPointer<?> dst = new PointerPointer<>(1).put(0, buf);
             IntPointer stride = new IntPointer(1).put(0, w * bytesPerPixel)) {
            sws_scale(sws, f.data(), f.linesize(), 0, f.height(), dst, stride);
            buf.get(out);
        } finally {
            sws_freeContext(sws);
        }
        return out;
    }

    private AVFrame live() {
        if (frame == null) {
            throw new IllegalStateException("picture of camera " + camera + " used after close");
        }
        return frame;
    }

    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
    }
}
