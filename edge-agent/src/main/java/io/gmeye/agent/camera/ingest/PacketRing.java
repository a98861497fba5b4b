package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * A camera's compressed video as it arrived, not decoded: whole groups of pictures (references to
 * FFmpeg's buffers, no copy) covering the last {@code keepMillis} from a keyframe on, so a picture
 * can be decoded when someone asks for one, also one taken after they asked, and an event clip's
 * pre-roll costs no CPU, whatever the camera's decode mode. With {@code keepMillis} 0 only the
 * newest group is kept. Bounded in bytes: the oldest groups go first; a newest group that alone
 * outgrows the bound stops being kept until the next keyframe (the keyframe itself is always kept),
 * and what came before it is dropped then, so what is kept is always continuous video.
 *
 * <p>The grabbing thread adds; any thread may take references to decode or remux from
 * ({@link #take}, {@link #span}).
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
        private final AVRational timeBase;
        private final long connection;

        private Run(List<Held> packets, AVCodecParameters params, AVRational timeBase, long connection) {
            this.packets = packets;
            this.params = params;
            this.timeBase = timeBase;
            this.connection = connection;
        }

        /** Which connection the packets came over (counted from 1): packets of two connections do not join. */
        long connection() {
            return connection;
        }

        /** The time base of the packets' timestamps (the input stream's). */
        AVRational timeBase() {
            return timeBase;
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
    private final long keepMillis;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** The kept keyframes, oldest first: where each kept group of pictures starts. */
    private final ArrayDeque<Held> keys = new ArrayDeque<>();
    private final ArrivalWaiters waiters = new ArrivalWaiters();
    private final long[] arrivalNumbers = new long[ARRIVALS];
    private final long[] arrivalTimes = new long[ARRIVALS];
    private AVCodecParameters params;
    private AVRational timeBase = av_make_q(1, 90_000);
    private long bytes;
    private boolean full;
    private long newestAt;
    private long connectedAt;
    private long connection;
    private boolean closed;

    /** @param keepMillis seconds of video kept from a keyframe on (0: the newest group of pictures only) */
    PacketRing(long maxBytes, long keepMillis) {
        this.maxBytes = maxBytes;
        this.keepMillis = keepMillis;
    }

    /** A new connection: what came before it cannot be decoded with its parameters. */
    synchronized void connected(AVCodecParameters streamParams, AVRational streamTimeBase, long at) {
        clear();
        if (params == null) {
            params = avcodec_parameters_alloc();
        }
        avcodec_parameters_copy(params, streamParams);
        timeBase = av_make_q(streamTimeBase.num(), streamTimeBase.den());
        connectedAt = at;
        connection++;
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
                if (keepMillis == 0 || full) {
                    clear(); // a keyframe starts what can be decoded on its own; a group cut short leaves a hole
                } else {
                    dropGroupsBefore(at - keepMillis);
                }
                while (!held.isEmpty() && bytes + size > maxBytes) {
                    if (!dropOldestGroup()) {
                        clear();
                    }
                }
                keep(packet, number, at, true, size); // always kept: it starts what can be decoded
            } else if (!held.isEmpty() && !full) {
                while (bytes + size > maxBytes && dropOldestGroup()) {
                    // older groups make room for the newest
                }
                if (bytes + size > maxBytes) {
                    full = true;
                } else {
                    keep(packet, number, at, false, size);
                }
            }
            ready = waiters.due(at);
        }
        ready.forEach(w -> w.complete(null)); // outside the lock: whoever waits may take the packets at once
    }

    private void keep(AVPacket packet, long number, long at, boolean key, int size) {
        AVPacket ref = av_packet_alloc();
        av_packet_ref(ref, packet);
        Held h = new Held(ref, number, at, key);
        held.addLast(h);
        if (key) {
            keys.addLast(h);
        }
        bytes += size;
    }

    /** Drops the oldest groups while the next one still starts at or before {@code limit}. */
    private void dropGroupsBefore(long limit) {
        while (keys.size() >= 2 && second(keys).arrivedAt() <= limit) {
            dropOldestGroup();
        }
    }

    private static Held second(ArrayDeque<Held> deque) {
        var it = deque.iterator();
        it.next();
        return it.next();
    }

    /** Drops the oldest group of pictures; false when only one is kept (it is never dropped here). */
    private boolean dropOldestGroup() {
        if (keys.size() < 2) {
            return false;
        }
        keys.removeFirst();
        long next = keys.peekFirst().number();
        while (held.peekFirst().number() < next) {
            Held h = held.removeFirst();
            bytes -= h.packet().size();
            av_packet_free(h.packet());
        }
        return true;
    }

    /** Completes when a packet arrives at or after {@code since} (agent clock). */
    synchronized CompletableFuture<Void> packetAfter(long since) {
        return newestAt >= since && connectedAt > 0 ? CompletableFuture.completedFuture(null) : waiters.add(since);
    }

    /** Number of the newest keyframe kept, 0 when none (not connected, or no keyframe since connecting). */
    synchronized long newestKeyframe() {
        Held newest = keys.peekLast();
        return newest == null ? 0 : newest.number();
    }

    /** Arrival of the newest packet of the current connection, kept or not (agent clock), 0 when none. */
    synchronized long newestAt() {
        return newestAt;
    }

    /** Arrival of the oldest kept packet (agent clock), 0 when none is kept. */
    synchronized long oldestAt() {
        Held first = held.peekFirst();
        return first == null ? 0 : first.arrivedAt();
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
        if (keys.isEmpty() || params == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(run(keys.peekLast().number(), keyframeOnly ? keys.peekLast().number() : Long.MAX_VALUE, Long.MAX_VALUE));
    }

    /**
     * References to the kept video for a moment from {@code from} to {@code to} (arrivals, agent
     * clock): it starts at the kept keyframe nearest to {@code from} that is not after
     * {@code from} by more than half the distance to the previous one (so a clip is as long as
     * asked within half a group of pictures), and ends with the last packet that arrived by
     * {@code to}. Empty when no keyframe that early is kept.
     */
    synchronized java.util.Optional<Run> span(long from, long to) {
        Held start = null;
        for (Held k : keys) {
            if (k.arrivedAt() > to) {
                break;
            }
            if (start == null || Math.abs(k.arrivedAt() - from) <= Math.abs(start.arrivedAt() - from)) {
                start = k;
            }
        }
        if (start == null || params == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(run(start.number(), Long.MAX_VALUE, to));
    }

    /**
     * References to the kept packets after packet {@code number} that arrived by {@code to}, to
     * continue a copy; the caller checks that the first follows its last (nothing was lost
     * between) and that the connection is the same.
     */
    synchronized java.util.Optional<Run> after(long number, long to) {
        if (params == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(run(number + 1, Long.MAX_VALUE, to));
    }

    private Run run(long fromNumber, long toNumber, long toArrival) {
        List<Held> refs = new ArrayList<>();
        for (Held h : held) {
            if (h.number() < fromNumber) {
                continue;
            }
            if (h.number() > toNumber || h.arrivedAt() > toArrival) {
                break;
            }
            AVPacket ref = av_packet_alloc();
            av_packet_ref(ref, h.packet());
            refs.add(new Held(ref, h.number(), h.arrivedAt(), h.key()));
        }
        AVCodecParameters p = avcodec_parameters_alloc();
        avcodec_parameters_copy(p, params);
        return new Run(refs, p, av_make_q(timeBase.num(), timeBase.den()), connection);
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
        keys.clear();
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
