package io.gmeye.agent.camera.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a camera delivers (video packets, bytes, decoded pictures, damaged packets) and
 * when it had to reconnect; the grabbing thread adds, the health reporter reads rates over a
 * sliding window.
 */
final class StreamMeter {
    private static final int MAX_RECONNECTS_KEPT = 4_096;

    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private volatile long lastPacketAt;
    private volatile long lastFrameAt;
    private volatile long lastCorruptAt;
    private final ArrayDeque<Long> reconnects = new ArrayDeque<>();

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Frames per second in and decoded, kilobits per second in, over the window. */
    record Rates(double fpsIn, double fpsDecoded, long kbps) {
        static final Rates NONE = new Rates(0, 0, 0);
    }

    private record Sample(long at, long packets, long bytes, long decoded) {
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

    /** Rates over about {@code windowMs}; call regularly (the reporter does every tick). */
    synchronized Rates rates(long now, long windowMs) {
        Sample current = new Sample(now, packets.get(), bytes.get(), decoded.get());
        samples.addLast(current);
        while (samples.size() > 2 && now - samples.peekFirst().at > windowMs) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        long span = now - first.at;
        if (span <= 0) {
            return Rates.NONE;
        }
        double seconds = span / 1000.0;
        return new Rates((current.packets - first.packets) / seconds, (current.decoded - first.decoded) / seconds,
                Math.round((current.bytes - first.bytes) * 8 / seconds / 1000));
    }
}
