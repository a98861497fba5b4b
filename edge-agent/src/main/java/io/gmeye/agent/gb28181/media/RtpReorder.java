package io.gmeye.agent.gb28181.media;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts RTP payloads back in sequence-number order (UDP may reorder). Packets ahead of a gap are
 * held; the gap is given up as lost once {@code depth} packets wait behind it, or when the
 * caller says time is up ({@link #skipGap}). Late and duplicate packets are dropped. A jump far
 * ahead (a device that restarted its stream) starts over from the new number. The stream's first
 * packets are held until a few have come (or time is up), so a first packet that arrives after
 * the second is not taken for a late one.
 */
final class RtpReorder {
    private final int depth;
    private final Map<Integer, byte[]> held = new HashMap<>();
    private final int startAfter;
    private boolean started;
    private int first = -1;
    private int expected = -1;
    private long lost;
    private long late;

    RtpReorder(int depth) {
        this.depth = depth;
        this.startAfter = Math.min(depth, 3);
    }

    /** Takes one packet's payload (a copy the reorder may keep). */
    void push(int seq, byte[] payload) {
        if (!started) {
            if (first < 0 || (short) (seq - first) < 0) {
                first = seq;
            }
            held.putIfAbsent(seq, payload);
            if (held.size() >= startAfter) {
                start();
            }
            return;
        }
        int ahead = (short) (seq - expected);
        if (ahead < 0 || held.containsKey(seq)) {
            late++;
            return;
        }
        if (ahead >= depth * 4) {
            lost += ahead;
            held.clear();
            expected = seq;
        }
        held.put(seq, payload);
    }

    private void start() {
        started = true;
        expected = first;
    }

    /** The next payload in order, or null when the next one has not arrived. */
    byte[] poll() {
        if (!started) {
            return null;
        }
        byte[] p = held.remove(expected);
        if (p == null && held.size() >= depth) {
            skipGap();
            p = held.remove(expected);
        }
        if (p != null) {
            expected = (expected + 1) & 0xFFFF;
        }
        return p;
    }

    /** Gives up on the missing packets before the oldest one held. */
    void skipGap() {
        if (held.isEmpty()) {
            return;
        }
        if (!started) {
            start(); // what came first is all there is: begin with it
            return;
        }
        int nearest = Integer.MAX_VALUE;
        for (int seq : held.keySet()) {
            nearest = Math.min(nearest, (short) (seq - expected) & 0xFFFF);
        }
        lost += nearest;
        expected = (expected + nearest) & 0xFFFF;
    }

    boolean holding() {
        return !held.isEmpty();
    }

    long lost() {
        return lost;
    }

    long late() {
        return late;
    }
}
