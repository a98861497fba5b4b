package io.gmeye.models.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/** 8-connected regions of the "on" pixels of a w x h grid: DB text maps, background-change masks. */
public final class ConnectedRegions {
    private ConnectedRegions() {
    }

    /** A region: its bounding box (inclusive) and the indexes of its pixels. */
    public record Region(int minX, int minY, int maxX, int maxY, int[] pixels) {
        public int width() {
            return maxX - minX + 1;
        }

        public int height() {
            return maxY - minY + 1;
        }
    }

    public static List<Region> find(int w, int h, IntPredicate on, int maxRegions) {
        List<Region> out = new ArrayList<>();
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[w * h];
        int[] members = new int[w * h];
        for (int start = 0; start < w * h && out.size() < maxRegions; start++) {
            if (seen[start] || !on.test(start)) {
                continue;
            }
            int sp = 0;
            int count = 0;
            stack[sp++] = start;
            seen[start] = true;
            int minX = w, minY = h, maxX = -1, maxY = -1;
            while (sp > 0) {
                int p = stack[--sp];
                members[count++] = p;
                int px = p % w;
                int py = p / w;
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
                for (int ny = Math.max(0, py - 1); ny <= Math.min(h - 1, py + 1); ny++) {
                    for (int nx = Math.max(0, px - 1); nx <= Math.min(w - 1, px + 1); nx++) {
                        int q = ny * w + nx;
                        if (!seen[q] && on.test(q)) {
                            seen[q] = true;
                            stack[sp++] = q;
                        }
                    }
                }
            }
            out.add(new Region(minX, minY, maxX, maxY, Arrays.copyOf(members, count)));
        }
        return out;
    }
}
