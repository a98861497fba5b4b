package io.gmeye.models.detect;

import io.gmeye.protocols.inspection.Box;

/** Box arithmetic shared by NMS and trackers. */
public final class Boxes {
    private Boxes() {
    }

    public static double iou(Box a, Box b) {
        double ix = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
        double iy = Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        double union = a.w() * a.h() + b.w() * b.h() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** How much of {@code a} lies inside {@code b}, 0..1. */
    public static double coveredBy(Box a, Box b) {
        double ix = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
        double iy = Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y());
        double area = a.w() * a.h();
        return ix <= 0 || iy <= 0 || area <= 0 ? 0 : ix * iy / area;
    }
}
