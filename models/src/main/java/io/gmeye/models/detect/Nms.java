package io.gmeye.models.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: the best box of each class wins, overlapping ones of the same class go. */
public final class Nms {
    private Nms() {
    }

    public static List<Detection> perClass(List<Detection> candidates, double iouThreshold) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        boolean[] removed = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            if (removed[i]) {
                continue;
            }
            Detection best = sorted.get(i);
            kept.add(best);
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!removed[j] && sorted.get(j).classId() == best.classId() && best.iou(sorted.get(j)) > iouThreshold) {
                    removed[j] = true;
                }
            }
        }
        return kept;
    }
}
