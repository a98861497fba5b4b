package io.gmeye.agent.camera.ingest;

import io.gmeye.platform.metrics.Metrics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes a picture from a camera's kept packets, on the thread that asks, with a decoder of its
 * own that lives for one picture (so a thousand cameras decoded now and then hold no decoders):
 * the newest keyframe alone for a sample, or everything from it on for a picture that is as new
 * as the stream (a snapshot called now). Frames that nothing refers to are skipped on the way.
 */
final class OnDemandDecode {
    private OnDemandDecode() {
    }

    /**
     * The newest keyframe's picture ({@code keyframeOnly}), or the picture shown last after every
     * kept packet: the newest content the stream has delivered. Empty when no keyframe is kept
     * (not connected, or none since connecting).
     */
    static Optional<DecodedPicture> decode(String camera, PacketRing ring, boolean keyframeOnly, int threads, Clock clock, Metrics metrics) {
        try (PacketRing.Run run = ring.take(keyframeOnly).orElse(null)) {
            if (run == null) {
                return Optional.empty();
            }
            long began = System.nanoTime();
            Last last = new Last(camera, run, clock);
            try (VideoDecoder decoder = VideoDecoder.open(run.params(), threads)) {
                List<PacketRing.Held> packets = run.packets();
                for (int i = 0; i < packets.size(); i++) {
                    if (i == packets.size() - 1) {
                        decoder.decodeEverything();
                    } else {
                        decoder.skipUnreferenced(); // on the way to the newest picture, B-frames are not needed
                    }
                    decoder.decode(packets.get(i).packet(), packets.get(i).number(), last);
                }
                decoder.drain(last); // out with the pictures held for reordering
            } catch (StreamFailure f) {
                metrics.count("camera.ondemand.decode", "outcome", "failed");
                return Optional.empty();
            }
            metrics.time("camera.ondemand.decode", System.nanoTime() - began, "kind", keyframeOnly ? "keyframe" : "newest");
            return Optional.ofNullable(last.picture);
        }
    }

    /** Keeps the picture shown last (pictures leave the decoder in display order). */
    private static final class Last implements VideoDecoder.Sink {
        private final String camera;
        private final PacketRing.Run run;
        private final Clock clock;
        DecodedPicture picture;

        Last(String camera, PacketRing.Run run, Clock clock) {
            this.camera = camera;
            this.run = run;
            this.clock = clock;
        }

        @Override
        public void picture(AVFrame frame, long number) {
            if (picture != null) {
                picture.close();
            }
            picture = new DecodedPicture(camera, frame, run.arrivalOf(number), number, clock.millis());
        }
    }
}
