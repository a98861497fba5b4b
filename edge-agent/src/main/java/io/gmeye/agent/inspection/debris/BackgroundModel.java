package io.gmeye.agent.inspection.debris;

import io.gmeye.models.detect.ConnectedRegions;
import io.gmeye.models.image.BgrImage;
import io.gmeye.protocols.inspection.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Finds new things that stay: a small grey copy of each sample is compared with a reference
 * picture of the scene. A pixel that differs from the reference but not from the previous sample
 * is a static change; one that stays a static change for the dwell time is persistent. Moving
 * people differ from the previous sample, so they never persist; the reference follows slow
 * light changes only where nothing new is standing. A region that persists with less detail
 * than the reference had there is a ghost (someone who stood there when the reference was taken
 * has left): the reference heals instead of reporting it.
 */
public final class BackgroundModel {
    static final int WIDTH = 160;
    private static final float ADAPT = 0.05f;

    private final int threshold;
    private final BiPredicate<Double, Double> inZone;
    private int w;
    private int h;
    private float[] reference;
    private int[] previous;
    private long[] since;
    private boolean[] watched;

    /** @param inZone whether a normalised point is watched */
    public BackgroundModel(int threshold, BiPredicate<Double, Double> inZone) {
        this.threshold = threshold;
        this.inZone = inZone;
    }

    /** A region that has been a static change for at least {@code dwellMs}, in frame pixels, with how strongly it differs (0..1). */
    public record Region(Box box, double strength, int pixels) {
    }

    public List<Region> update(BgrImage frame, long now, long dwellMs, double minAreaFraction) {
        int[] grey = grey(frame);
        if (reference == null) {
            reference = new float[grey.length];
            previous = grey;
            since = new long[grey.length];
            watched = new boolean[grey.length];
            for (int i = 0; i < grey.length; i++) {
                reference[i] = grey[i];
                since[i] = -1;
                watched[i] = inZone.test((i % w + 0.5) / w, (i / w + 0.5) / h);
            }
            return List.of();
        }
        boolean[] persistent = new boolean[grey.length];
        for (int i = 0; i < grey.length; i++) {
            boolean changed = Math.abs(grey[i] - reference[i]) > threshold;
            boolean still = Math.abs(grey[i] - previous[i]) <= threshold / 2;
            if (!changed) {
                since[i] = -1;
                reference[i] += ADAPT * (grey[i] - reference[i]);
            } else if (!still) {
                since[i] = -1;
            } else if (since[i] < 0) {
                since[i] = now;
            }
            persistent[i] = watched[i] && since[i] >= 0 && now - since[i] >= dwellMs;
        }
        previous = grey;
        double minPixels = Math.max(4, minAreaFraction * grey.length);
        return merged(regions(persistent, grey, frame), 2.0 * frame.width() / w).stream().filter(r -> r.pixels() >= minPixels).toList();
    }

    /** One pile is one region: parts closer than {@code gap} frame pixels are joined. */
    static List<Region> merged(List<Region> regions, double gap) {
        List<Region> out = new ArrayList<>(regions);
        boolean joined = true;
        while (joined) {
            joined = false;
            for (int i = 0; i < out.size() && !joined; i++) {
                for (int j = i + 1; j < out.size() && !joined; j++) {
                    Box a = out.get(i).box();
                    Box b = out.get(j).box();
                    if (a.x() - gap <= b.x() + b.w() && b.x() - gap <= a.x() + a.w() && a.y() - gap <= b.y() + b.h() && b.y() - gap <= a.y() + a.h()) {
                        double x = Math.min(a.x(), b.x());
                        double y = Math.min(a.y(), b.y());
                        Box u = new Box(x, y, Math.max(a.x() + a.w(), b.x() + b.w()) - x, Math.max(a.y() + a.h(), b.y() + b.h()) - y);
                        int n = out.get(i).pixels() + out.get(j).pixels();
                        double strength = (out.get(i).strength() * out.get(i).pixels() + out.get(j).strength() * out.get(j).pixels()) / n;
                        out.set(i, new Region(u, strength, n));
                        out.remove(j);
                        joined = true;
                    }
                }
            }
        }
        return out;
    }

    private List<Region> regions(boolean[] mask, int[] grey, BgrImage frame) {
        List<Region> out = new ArrayList<>();
        double sx = (double) frame.width() / w;
        double sy = (double) frame.height() / h;
        for (ConnectedRegions.Region r : ConnectedRegions.find(w, h, p -> mask[p], 1000)) {
            double diff = 0;
            double detailNow = 0;
            double detailBefore = 0;
            for (int p : r.pixels()) {
                diff += Math.abs(grey[p] - reference[p]);
                if (p % w + 1 < w && p / w + 1 < h) {
                    detailNow += Math.abs(grey[p] - grey[p + 1]) + Math.abs(grey[p] - grey[p + w]);
                    detailBefore += Math.abs(reference[p] - reference[p + 1]) + Math.abs(reference[p] - reference[p + w]);
                }
            }
            if (detailNow <= detailBefore) {
                for (int p : r.pixels()) { // a ghost: what is there now is the background
                    reference[p] = grey[p];
                    since[p] = -1;
                }
                continue;
            }
            if (r.pixels().length >= 2) {
                Box box = new Box(r.minX() * sx, r.minY() * sy, r.width() * sx, r.height() * sy);
                out.add(new Region(box, Math.min(1.0, diff / r.pixels().length / 128.0), r.pixels().length));
            }
        }
        return out;
    }

    /** Area-averaged grey thumbnail, {@link #WIDTH} wide. */
    private int[] grey(BgrImage f) {
        w = Math.min(WIDTH, f.width());
        h = Math.max(1, (int) Math.round((double) f.height() * w / f.width()));
        int[] sum = new int[w * h];
        int[] n = new int[w * h];
        byte[] px = f.pixels();
        for (int y = 0; y < f.height(); y++) {
            int ty = Math.min(h - 1, y * h / f.height());
            for (int x = 0; x < f.width(); x++) {
                int tx = Math.min(w - 1, x * w / f.width());
                int o = (y * f.width() + x) * 3;
                // integer luma (BT.601)
                sum[ty * w + tx] += (29 * (px[o] & 0xff) + 150 * (px[o + 1] & 0xff) + 77 * (px[o + 2] & 0xff)) >> 8;
                n[ty * w + tx]++;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= Math.max(1, n[i]);
        }
        return sum;
    }
}
