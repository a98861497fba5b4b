package io.gmeye.agent.inspection.track;

import io.gmeye.models.detect.Detection;
import io.gmeye.protocols.inspection.Box;

/**
 * One object followed across samples. Its identity lets a scene measure dwell, tell a parked
 * car from one driving by, and raise one event per violation. Only {@link IouTracker} changes it.
 */
public final class Track {
    private final long id;
    private final String label;
    private final long firstSeen;
    private Box box;
    private double score;
    private double bestScore;
    private long lastSeen;
    private Box anchor;
    private long stationarySince;
    private int hits;

    Track(long id, Detection d, long now) {
        this.id = id;
        this.label = d.label();
        this.firstSeen = now;
        this.box = d.box();
        this.anchor = d.box();
        this.score = d.score();
        this.bestScore = d.score();
        this.lastSeen = now;
        this.stationarySince = now;
        this.hits = 1;
    }

    /** A new sighting; the object stays stationary while its box keeps overlapping where it settled. */
    void update(Detection d, long now, double stationaryIou) {
        box = d.box();
        score = d.score();
        bestScore = Math.max(bestScore, d.score());
        lastSeen = now;
        hits++;
        if (io.gmeye.models.detect.Boxes.iou(anchor, box) < stationaryIou) {
            anchor = box;
            stationarySince = now;
        }
    }

    public long id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Box box() {
        return box;
    }

    public double score() {
        return score;
    }

    public double bestScore() {
        return bestScore;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public int hits() {
        return hits;
    }

    /** How long it has stayed put, as of {@code now}. */
    public long stationaryMs(long now) {
        return now - stationarySince;
    }

    /** Bottom centre in normalised frame coordinates: where the object stands, the point zones judge. */
    public double footX(int frameWidth) {
        return (box.x() + box.w() / 2) / frameWidth;
    }

    public double footY(int frameHeight) {
        return (box.y() + box.h()) / frameHeight;
    }

    @Override
    public String toString() {
        return "Track[" + id + " " + label + " " + box + " score " + score + " since " + firstSeen + "]";
    }
}
