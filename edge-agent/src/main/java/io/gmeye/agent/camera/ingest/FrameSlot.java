package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.models.image.BgrImage;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The newest decoded frame of one camera. The grabbing thread swaps in a reference to each new
 * frame (no pixel copy, no queue); a consumer gets its own BGR copy made from the newest frame
 * when it asks. So frames nobody samples cost no conversion, and native memory is bounded: one
 * held frame per camera, plus one BGR buffer once someone samples it.
 */
final class FrameSlot implements AutoCloseable {
    private final String camera;
    private final Object swap = new Object();
    private final Object convert = new Object();
    private AVFrame held = av_frame_alloc();
    private volatile long frameNo;
    private volatile long capturedAt;
    private boolean closed;

    // conversion state, guarded by `convert`
    private SwsContext sws;
    private BytePointer bgr;
    private int bgrBytes;

    FrameSlot(String camera) {
        this.camera = camera;
    }

    /** Grabbing thread: the decoded frame becomes the newest. Cheap: takes a reference to its buffers. */
    void publish(AVFrame decoded, long at, long number) {
        synchronized (swap) {
            if (closed) {
                return;
            }
            av_frame_unref(held);
            av_frame_ref(held, decoded);
            capturedAt = at;
            frameNo = number;
        }
    }

    long frameNo() {
        return frameNo;
    }

    /** Agent time of the newest frame, 0 when none yet. */
    long capturedAt() {
        return capturedAt;
    }

    /** A BGR copy of the newest frame, owned by the caller; empty before the first frame. */
    Optional<CameraFrame> latest() {
        AVFrame mine = av_frame_alloc();
        try {
            long at;
            long number;
            synchronized (swap) {
                if (closed || frameNo == 0 || av_frame_ref(mine, held) < 0) {
                    return Optional.empty();
                }
                at = capturedAt;
                number = frameNo;
            }
            return Optional.of(new CameraFrame(camera, at, number, toBgr(mine)));
        } finally {
            av_frame_free(mine);
        }
    }

    private BgrImage toBgr(AVFrame f) {
        int w = f.width();
        int h = f.height();
        byte[] pixels = new byte[w * h * 3];
        synchronized (convert) {
            sws = sws_getCachedContext(sws, w, h, f.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null, (DoublePointer) null);
            if (sws == null) {
                throw new IllegalStateException("cannot convert " + camera + "'s pixel format " + f.format() + " to BGR");
            }
            if (bgrBytes != pixels.length) {
                if (bgr != null) {
                    bgr.close();
                }
                bgr = new BytePointer(pixels.length);
                bgrBytes = pixels.length;
            }
            try (PointerPointer<?> dst = new PointerPointer<>(1).put(0, bgr);
                 IntPointer stride = new IntPointer(1).put(0, w * 3)) {
                sws_scale(sws, f.data(), f.linesize(), 0, h, dst, stride);
            }
            bgr.get(pixels);
        }
        return new BgrImage(w, h, pixels);
    }

    /** Frees the held frame and conversion buffers; consumers holding copies are unaffected. */
    @Override
    public void close() {
        synchronized (swap) {
            if (closed) {
                return;
            }
            closed = true;
            av_frame_free(held);
            held = null;
        }
        synchronized (convert) {
            if (sws != null) {
                sws_freeContext(sws);
                sws = null;
            }
            if (bgr != null) {
                bgr.close();
                bgr = null;
            }
        }
    }
}
