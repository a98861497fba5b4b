package io.gmeye.agent.camera.ingest;

import io.gmeye.agent.camera.Picture;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One wait for a picture taken after a given moment. A camera its grabber decodes in full gives
 * its next frame; any other has its kept packets decoded (from the newest keyframe through the
 * newest packet) once a packet that new has arrived. If the picture shown last still came from
 * an older packet (B-frames are sent ahead of the pictures before them), it waits for the next
 * packet and decodes again, until the deadline; then it fails with the reason of the last try.
 */
final class PictureAfter {
    private final CameraGrabber grabber;
    private final long since;
    private final long deadline;
    private final Executor executor;
    private final Clock clock;
    private final CompletableFuture<Picture> result = new CompletableFuture<>();
    private volatile String problem;

    PictureAfter(CameraGrabber grabber, long since, long deadline, Executor executor, Clock clock) {
        this.grabber = grabber;
        this.since = since;
        this.deadline = deadline;
        this.executor = executor;
        this.clock = clock;
        this.problem = "camera " + grabber.camera() + " sent no video since the call";
    }

    CompletableFuture<Picture> start() {
        next(since);
        return result;
    }

    /** Waits for the next packet (or decoded frame) arriving at or after {@code after}. */
    private void next(long after) {
        long left = deadline - clock.millis();
        if (left <= 0) {
            result.completeExceptionally(new NoPicture(problem));
            return;
        }
        boolean decoded = grabber.decoding() == CameraGrabber.Decoding.ALL;
        CompletableFuture<Void> arrival = decoded ? grabber.slot.pictureAfter(after) : grabber.ring.packetAfter(after);
        arrival.orTimeout(left, TimeUnit.MILLISECONDS).whenCompleteAsync((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e instanceof TimeoutException || e.getCause() instanceof TimeoutException
                        ? new NoPicture(problem) : new NoPicture("camera " + grabber.camera() + " stopped while a picture was awaited"));
                return;
            }
            try {
                take(decoded);
            } catch (RuntimeException ex) {
                result.completeExceptionally(ex);
            }
        }, executor);
    }

    private void take(boolean decoded) {
        long began = clock.millis();
        Optional<DecodedPicture> p = decoded ? grabber.slot.picture() : grabber.decodeKept(false);
        if (p.isPresent() && p.get().capturedAt() >= since) {
            if (!result.complete(p.get())) {
                p.get().close(); // the caller gave up meanwhile
            }
            return;
        }
        p.ifPresent(DecodedPicture::close);
        if (p.isEmpty() && !decoded) {
            long connected = grabber.ring.connectedAt();
            problem = "camera " + grabber.camera() + " has sent no keyframe since it connected "
                    + (connected == 0 ? "" : String.format("%.1f s ago ", (clock.millis() - connected) / 1000.0))
                    + "(no picture can be decoded before one)";
        } else if (!decoded && clock.millis() - began > (deadline - since) / 2) {
            problem = "decoding camera " + grabber.camera() + "'s newest picture takes longer than the time left";
        }
        next(clock.millis() + 1); // a packet newer than those just decoded
    }
}
