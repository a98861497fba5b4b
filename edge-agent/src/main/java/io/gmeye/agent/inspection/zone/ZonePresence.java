package io.gmeye.agent.inspection.zone;

/**
 * Whether one tracked object is in one zone, with inertia (as Frigate): it enters after
 * {@code inertia} samples in a row inside and leaves after as many outside, so a box that
 * jitters across the edge does not flap in and out.
 */
public final class ZonePresence {
    private final int inertia;
    private boolean inside;
    private int streak;
    private long streakStart;
    private long since = -1;

    public ZonePresence(int inertia) {
        this.inertia = Math.max(1, inertia);
    }

    /** Feeds one sample; returns whether the object now counts as inside. */
    public boolean update(boolean seenInside, long now) {
        if (seenInside == inside) {
            streak = 0;
            return inside;
        }
        if (streak++ == 0) {
            streakStart = now;
        }
        if (streak >= inertia) {
            inside = seenInside;
            streak = 0;
            since = inside ? streakStart : -1;
        }
        return inside;
    }

    public boolean inside() {
        return inside;
    }

    /** When it entered (the first of the samples that took it in), or -1 while outside. */
    public long since() {
        return since;
    }
}
