package io.gmeye.agent.gb28181.media;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts RTP payloads back in sequence-number order (UDP may reorder). Packets ahead of a gap are
 * held; the gap is given up as lost once {@code depth} packets wait behind it, or when the
 * caller says time is up ({@link #skipGap}). Late and duplicate packets are dropped. A jump far
 * ahead (a device that restarted its stream) starts over from the new number.
 */
final class RtpReorder {
    private final int depth;
    private final Map<Integer, byte[]> held = new HashMap<>();
    private int expected = -1;
    private long lost;
    private long late;

    RtpReorder(int depth) {
        this.depth = depth;
    }

    /** Takes one packet's payload (a copy the reorder may keep). */
    void push(int seq, byte[] payload) {
        if (expected < 0) {
            expected = seq;
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

    /** The next payload in order, or null when the next one has not arrived. */
    byte[] poll() {
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
