package io.gmeye.agent.inspection.snapshot;

import io.gmeye.protocols.inspection.Box;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each box's label goes so that labels never cover one another and stay in the picture:
 * just above its box, else inside the box's top, else just below it; where those are taken, the
 * nearest free place further down. Boxes of one event often touch (a vendor and their goods),
 * and labels drawn at each box's corner then overprint each other.
 */
final class LabelLayout {
    record Place(int x, int y, int w, int h) {
        boolean overlaps(Place o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    private LabelLayout() {
    }

    /** One place per box, in order; {@code widths} are the labels' widths, {@code height} their common height. */
    static List<Place> place(List<Box> boxes, List<Integer> widths, int height, int imageWidth, int imageHeight) {
        List<Place> placed = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            int w = Math.min(widths.get(i), imageWidth);
            int x = clamp((int) Math.round(b.x()), 0, imageWidth - w);
            int top = (int) Math.round(b.y());
            int bottom = (int) Math.round(b.y() + b.h());
            Place chosen = null;
            for (int y : new int[] {top - height, top, bottom}) {
                Place p = new Place(x, y, w, height);
                if (y >= 0 && y + height <= imageHeight && free(p, placed)) {
                    chosen = p;
                    break;
                }
            }
            for (int y = clamp(top - height, 0, imageHeight - height); chosen == null && y + height <= imageHeight; y++) {
                Place p = new Place(x, y, w, height);
                if (free(p, placed)) {
                    chosen = p;
                }
            }
            placed.add(chosen != null ? chosen : new Place(x, clamp(top - height, 0, imageHeight - height), w, height)); // no room left: overprint
        }
        return placed;
    }

    private static boolean free(Place p, List<Place> placed) {
        for (Place o : placed) {
            if (p.overlaps(o)) {
                return false;
            }
        }
        return true;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
