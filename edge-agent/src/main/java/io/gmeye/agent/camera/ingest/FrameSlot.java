package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The newest picture a camera's grabber decoded. The grabbing thread swaps in a reference to each
 * new frame (no pixel copy, no queue); a consumer takes its own reference and converts it as far
 * as it needs. So frames nobody samples cost no conversion, and native memory is bounded: one held
 * frame per camera that is being decoded, none for one that is not.
 */
final class FrameSlot implements AutoCloseable {
    private final String camera;
    private AVFrame held = av_frame_alloc();
    private long frameNo;
    private long capturedAt;
    private long decodedAt;
    private boolean closed;
    private final ArrivalWaiters waiters = new ArrivalWaiters();

    FrameSlot(String camera) {
        this.camera = camera;
    }

    /** Grabbing thread: a decoded frame becomes the newest, unless a newer one is already held. */
    void publish(AVFrame decoded, long number, long at, long decodedNow) {
        List<CompletableFuture<Void>> ready;
        synchronized (this) {
            if (closed || number <= frameNo) {
                return;
            }
            av_frame_unref(held);
            av_frame_ref(held, decoded);
            capturedAt = at;
            decodedAt = decodedNow;
            frameNo = number;
            ready = waiters.due(at);
        }
        ready.forEach(w -> w.complete(null)); // outside the lock: a waiter may take the picture at once
    }

    /** Completes once a picture whose packet arrived at or after {@code since} is held. */
    synchronized CompletableFuture<Void> pictureAfter(long since) {
        return frameNo > 0 && capturedAt >= since ? CompletableFuture.completedFuture(null) : waiters.add(since);
    }

    /** Drops the held frame (the stream broke, or nothing decodes it any more): what is not live is not served. */
    synchronized void clear() {
        if (!closed) {
            av_frame_unref(held);
            frameNo = 0;
            capturedAt = 0;
        }
    }

    synchronized long frameNo() {
        return frameNo;
    }

    /** Agent time of the held picture's packet, 0 when none. */
    synchronized long capturedAt() {
        return capturedAt;
    }

    /** A reference to the held picture, owned by the caller; empty when none. */
    synchronized Optional<DecodedPicture> picture() {
        if (closed || frameNo == 0) {
            return Optional.empty();
        }
        return Optional.of(new DecodedPicture(camera, held, capturedAt, frameNo, decodedAt));
    }

    /** Frees the held frame; consumers holding their own references are unaffected. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(held);
        held = null;
        waiters.cancelAll();
    }
}
