package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * A camera's compressed video as it arrived, not decoded: the packets from the newest keyframe on
 * (references to FFmpeg's buffers, no copy), so a picture can be decoded when someone asks for
 * one, also one taken after they asked. Bounded in bytes: a group of pictures that outgrows the
 * bound stops being kept until the next keyframe (the keyframe itself is always kept).
 *
 * <p>The grabbing thread adds; any thread may take references to decode from ({@link #take}).
 * Keeping more than the newest group of pictures (seconds of video for clips) is a change of the
 * trimming rule in {@link #add}, not of the packets' path.
 */
final class PacketRing implements AutoCloseable {
    private static final int ARRIVALS = 1024;

    /** One kept packet: its number (counted since the grabber started), arrival on the agent's clock, keyframe or not. */
    record Held(AVPacket packet, long number, long arrivedAt, boolean key) {
    }

    /**
     * References to a run of packets and the stream's parameters, for decoding on another thread;
     * the caller closes it.
     */
    static final class Run implements AutoCloseable {
        private final List<Held> packets;
        private final AVCodecParameters params;

        private Run(List<Held> packets, AVCodecParameters params) {
            this.packets = packets;
            this.params = params;
        }

        List<Held> packets() {
            return packets;
        }

        AVCodecParameters params() {
            return params;
        }

        long arrivalOf(long number) {
            for (Held h : packets) {
                if (h.number() == number) {
                    return h.arrivedAt();
                }
            }
            return 0;
        }

        @Override
        public void close() {
            packets.forEach(h -> av_packet_free(h.packet()));
            avcodec_parameters_free(params);
        }
    }

    private final long maxBytes;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final ArrivalWaiters waiters = new ArrivalWaiters();
    private final long[] arrivalNumbers = new long[ARRIVALS];
    private final long[] arrivalTimes = new long[ARRIVALS];
    private AVCodecParameters params;
    private long bytes;
    private boolean full;
    private long newestAt;
    private long connectedAt;
    private boolean closed;

    PacketRing(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A new connection: what came before it cannot be decoded with its parameters. */
    synchronized void connected(AVCodecParameters streamParams, long at) {
        clear();
        if (params == null) {
            params = avcodec_parameters_alloc();
        }
        avcodec_parameters_copy(params, streamParams);
        connectedAt = at;
        newestAt = 0;
    }

    /** The connection ended: nothing kept is live any more. */
    synchronized void disconnected() {
        clear();
        connectedAt = 0;
    }

    /** Grabbing thread: one video packet as it arrived. Keeps a reference (no copy) if the group of pictures is kept. */
    void add(AVPacket packet, long number, long at, boolean key, int size) {
        List<CompletableFuture<Void>> ready;
        synchronized (this) {
            if (closed) {
                return;
            }
            int slot = (int) (number % ARRIVALS);
            arrivalNumbers[slot] = number;
            arrivalTimes[slot] = at;
            newestAt = at;
            if (key) {
                clear(); // a keyframe starts what can be decoded on its own
            }
            if (!held.isEmpty() || key) {
                if (!key && bytes + size > maxBytes) {
                    full = true;
                } else if (!full) {
                    AVPacket ref = av_packet_alloc();
                    av_packet_ref(ref, packet);
                    held.addLast(new Held(ref, number, at, key));
                    bytes += size;
                }
            }
            ready = waiters.due(at);
        }
        ready.forEach(w -> w.complete(null)); // outside the lock: whoever waits may take the packets at once
    }

    /** Completes when a packet arrives at or after {@code since} (agent clock). */
    synchronized CompletableFuture<Void> packetAfter(long since) {
        return newestAt >= since && connectedAt > 0 ? CompletableFuture.completedFuture(null) : waiters.add(since);
    }

    /** Number of the newest keyframe kept, 0 when none (not connected, or no keyframe since connecting). */
    synchronized long newestKeyframe() {
        Held first = held.peekFirst();
        return first == null ? 0 : first.number();
    }

    /** When the current connection was made (agent clock), 0 when not connected. */
    synchronized long connectedAt() {
        return connectedAt;
    }

    /** Arrival of a packet among the last thousand, 0 when it is older or unknown. */
    synchronized long arrivalOf(long number) {
        int slot = (int) (number % ARRIVALS);
        return arrivalNumbers[slot] == number ? arrivalTimes[slot] : 0;
    }

    /**
     * References to the newest keyframe alone ({@code keyframeOnly}), or to everything kept from it
     * on; empty when nothing decodable is kept.
     */
    synchronized java.util.Optional<Run> take(boolean keyframeOnly) {
        if (held.isEmpty() || params == null) {
            return java.util.Optional.empty();
        }
        List<Held> refs = new ArrayList<>(keyframeOnly ? 1 : held.size());
        for (Held h : held) {
            AVPacket ref = av_packet_alloc();
            av_packet_ref(ref, h.packet());
            refs.add(new Held(ref, h.number(), h.arrivedAt(), h.key()));
            if (keyframeOnly) {
                break;
            }
        }
        AVCodecParameters p = avcodec_parameters_alloc();
        avcodec_parameters_copy(p, params);
        return java.util.Optional.of(new Run(refs, p));
    }

    /** Bytes of video kept now. */
    synchronized long bytes() {
        return bytes;
    }

    private void clear() {
        for (Held h : held) {
            av_packet_free(h.packet());
        }
        held.clear();
        bytes = 0;
        full = false;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clear();
        if (params != null) {
            avcodec_parameters_free(params);
            params = null;
        }
        waiters.cancelAll();
    }
}
