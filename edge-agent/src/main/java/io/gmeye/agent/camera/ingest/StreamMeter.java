package io.gmeye.agent.camera.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Counts what a camera delivers (video packets, bytes, decoded pictures, damaged packets), the
 * pictures its reader threw away because packets of them were lost, and when it had to reconnect; the grabbing thread adds, the health reporter reads rates over a
 * sliding window.
 */
final class StreamMeter {
    private static final int MAX_RECONNECTS_KEPT = 4_096;
    private static final long MAX_WINDOW_MS = 60_000;
    private static final int FEW_EVENTS = 3;

    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile long lastPacketAt;
    private volatile long lastFrameAt;
    private volatile long lastCorruptAt;
    private final ArrayDeque<Long> reconnects = new ArrayDeque<>();

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /**
     * Frames per second in and decoded, kilobits per second in, over the window; pictures lost on
     * the wire and pictures sent (received or lost) over the last minute.
     */
    record Rates(double fpsIn, double fpsDecoded, long kbps, long lostLastMinute, long sentLastMinute) {
        static final Rates NONE = new Rates(0, 0, 0, 0, 0);

        /** The share of the last minute's pictures that were lost, 0 when none were sent. */
        double lostShare() {
            return sentLastMinute == 0 ? 0 : (double) lostLastMinute / sentLastMinute;
        }
    }

    private record Sample(long at, long packets, long bytes, long decoded, long lost) {
    }

    void packet(long now, int size, boolean isCorrupt) {
        packets.incrementAndGet();
        bytes.addAndGet(size);
        lastPacketAt = now;
        if (isCorrupt) {
            corrupt.incrementAndGet();
            lastCorruptAt = now;
        }
    }

    /** {@code pictures} pictures thrown away because packets of them were lost on the wire. */
    void lost(int pictures) {
        lost.addAndGet(pictures);
    }

    /** Pictures lost on the wire since the meter started. */
    long lostCount() {
        return lost.get();
    }

    void decoded(long now) {
        decoded.incrementAndGet();
        lastFrameAt = now;
    }

    synchronized void reconnected(long now) {
        reconnects.addLast(now);
        if (reconnects.size() > MAX_RECONNECTS_KEPT) {
            reconnects.removeFirst();
        }
    }

    /** Reconnects at or after {@code from} (older ones are forgotten as they fall out of the hour). */
    synchronized int reconnectsSince(long from) {
        while (!reconnects.isEmpty() && reconnects.peekFirst() < from) {
            reconnects.removeFirst();
        }
        return reconnects.size();
    }

    long packetCount() {
        return packets.get();
    }

    long decodedCount() {
        return decoded.get();
    }

    /** Agent time of the newest video packet, 0 when none. */
    long lastPacketAt() {
        return lastPacketAt;
    }

    /** Agent time the newest picture was decoded, 0 when none. */
    long lastFrameAt() {
        return lastFrameAt;
    }

    long lastCorruptAt() {
        return lastCorruptAt;
    }

    /**
     * Rates over about {@code windowMs}, or longer for a slow count (a keyframe every 10 s): each
     * rate is taken over the shortest span of at least {@code windowMs} that holds a few events,
     * up to a minute, so it neither flips between 0 and twice its value nor lags a fast one; and it
     * is 0 once no event came for longer than the window and twice the events' interval (stopped,
     * not slow). Call regularly (the reporter does every tick).
     */
    synchronized Rates rates(long now, long windowMs) {
        Sample current = new Sample(now, packets.get(), bytes.get(), decoded.get(), lost.get());
        samples.addLast(current);
        while (samples.size() > 2 && now - samples.peekFirst().at > MAX_WINDOW_MS) {
            samples.removeFirst();
        }
        ToLongFunction<Sample> packetCount = Sample::packets;
        Sample forPackets = since(current, windowMs, packetCount);
        long packetSpan = now - forPackets.at;
        if (packetSpan <= 0) {
            return Rates.NONE;
        }
        Sample minuteAgo = samples.peekFirst(); // the oldest kept: at most a minute back
        long lostLastMinute = current.lost - minuteAgo.lost;
        long sentLastMinute = current.packets - minuteAgo.packets + lostLastMinute;
        double fpsIn = rate(current, forPackets, windowMs, packetCount);
        long kbps = fpsIn == 0 ? 0 : Math.round((current.bytes - forPackets.bytes) * 8.0 / packetSpan);
        ToLongFunction<Sample> decodedCount = Sample::decoded;
        return new Rates(fpsIn, rate(current, since(current, windowMs, decodedCount), windowMs, decodedCount), kbps,
                lostLastMinute, sentLastMinute);
    }

    private double rate(Sample current, Sample from, long windowMs, ToLongFunction<Sample> count) {
        long span = current.at - from.at;
        long events = count.applyAsLong(current) - count.applyAsLong(from);
        if (span <= 0 || events <= 0) {
            return 0;
        }
        long lastMoved = lastChange(current, count);
        if (current.at - lastMoved > Math.max(windowMs, 2 * span / events)) {
            return 0;
        }
        // between the first and the last sample that saw the count move: no bias from when the span began or the quiet since
        Sample first = firstChange(from, count);
        long between = count.applyAsLong(current) - count.applyAsLong(first);
        return between > 0 && lastMoved > first.at ? between * 1000.0 / (lastMoved - first.at) : events * 1000.0 / span;
    }

    /** The first sample after {@code from} whose count moved past it. */
    private Sample firstChange(Sample from, ToLongFunction<Sample> count) {
        for (Sample s : samples) {
            if (s.at > from.at && count.applyAsLong(s) != count.applyAsLong(from)) {
                return s;
            }
        }
        return from;
    }

    /** The newest sample at least {@code windowMs} back that leaves a few events since, else the oldest kept. */
    private Sample since(Sample current, long windowMs, ToLongFunction<Sample> count) {
        for (var it = samples.descendingIterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (current.at - s.at >= windowMs && count.applyAsLong(current) - count.applyAsLong(s) >= FEW_EVENTS) {
                return s;
            }
        }
        return samples.peekFirst();
    }

    /** When the count last moved: the first sample that shows its current value. */
    private long lastChange(Sample current, ToLongFunction<Sample> count) {
        long at = current.at;
        for (var it = samples.descendingIterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (count.applyAsLong(s) != count.applyAsLong(current)) {
                return at;
            }
            at = s.at;
        }
        return at;
    }
}
