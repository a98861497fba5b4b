package io.gmeye.agent.inspection.track;

import io.gmeye.models.detect.Boxes;
import io.gmeye.models.detect.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Gives detections identities across samples: a detection continues the track of the same label
 * it overlaps most (IoU), or, when samples are far apart and nothing overlaps enough, the
 * nearest one whose centre moved less than half its size. Greedy best-first matching; tracks not
 * seen for {@code maxAgeMs} are dropped. Simple on purpose: scenes need "is this the same parked
 * car", not identities through crowds.
 */
public final class IouTracker {
    private final double minIou;
    private final double stationaryIou;
    private final long maxAgeMs;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    public IouTracker(double minIou, double stationaryIou, long maxAgeMs) {
        this.minIou = minIou;
        this.stationaryIou = stationaryIou;
        this.maxAgeMs = maxAgeMs;
    }

    private record Pair(Track track, Detection detection, double affinity) {
    }

    /** Feeds one sample's detections; returns the tracks alive now (seen now or recently). */
    public List<Track> update(List<Detection> detections, long now) {
        List<Pair> pairs = new ArrayList<>();
        for (Track t : tracks) {
            for (Detection d : detections) {
                if (!t.label().equals(d.label())) {
                    continue;
                }
                double a = affinity(t, d);
                if (a > 0) {
                    pairs.add(new Pair(t, d, a));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::affinity).reversed());
        Set<Track> matched = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Detection> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Pair p : pairs) {
            if (matched.contains(p.track()) || used.contains(p.detection())) {
                continue;
            }
            p.track().update(p.detection(), now, stationaryIou);
            matched.add(p.track());
            used.add(p.detection());
        }
        for (Detection d : detections) {
            if (!used.contains(d)) {
                tracks.add(new Track(nextId++, d, now));
            }
        }
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen() > maxAgeMs) {
                it.remove();
            }
        }
        return List.copyOf(tracks);
    }

    public List<Track> tracks() {
        return List.copyOf(tracks);
    }

    /** IoU when it is enough; otherwise a small score for a short centre move, so IoU matches always win. */
    private double affinity(Track t, Detection d) {
        double iou = Boxes.iou(t.box(), d.box());
        if (iou >= minIou) {
            return iou;
        }
        double tcx = t.box().x() + t.box().w() / 2;
        double tcy = t.box().y() + t.box().h() / 2;
        double dcx = d.box().x() + d.box().w() / 2;
        double dcy = d.box().y() + d.box().h() / 2;
        double size = Math.max(1, Math.max(t.box().w(), t.box().h()));
        double moved = Math.hypot(tcx - dcx, tcy - dcy) / size;
        return moved < 0.5 ? minIou * (1 - moved) * 0.5 : 0;
    }
}
