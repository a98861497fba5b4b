package io.gmeye.agent.inspection.zone;

import io.gmeye.platform.config.Validated;

/**
 * A line across the picture in normalised coordinates and the side that is out of bounds: the
 * storefront line goods must not pass, or the height above which banners hang.
 *
 * @param beyond which side of the line is the violation: ABOVE, BELOW, LEFT or RIGHT
 */
public record Line(double x1, double y1, double x2, double y2, Side beyond) implements Validated {
    public enum Side { ABOVE, BELOW, LEFT, RIGHT }

    @Override
    public void validate() {
        for (double v : new double[] {x1, y1, x2, y2}) {
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("x1/y1/x2/y2: normalised coordinates in 0..1");
            }
        }
        if (x1 == x2 && y1 == y2) {
            throw new IllegalArgumentException("x1/y1/x2/y2: the two ends must differ");
        }
        if (beyond == null) {
            throw new IllegalArgumentException("beyond: one of ABOVE, BELOW, LEFT, RIGHT is required");
        }
    }

    /** Whether a normalised point lies on the {@link #beyond} side. */
    public boolean isBeyond(double x, double y) {
        return switch (beyond) {
            case ABOVE -> y < yAt(x);
            case BELOW -> y > yAt(x);
            case LEFT -> x < xAt(y);
            case RIGHT -> x > xAt(y);
        };
    }

    private double yAt(double x) {
        return x1 == x2 ? Math.min(y1, y2) : y1 + (y2 - y1) * (x - x1) / (x2 - x1);
    }

    private double xAt(double y) {
        return y1 == y2 ? Math.min(x1, x2) : x1 + (x2 - x1) * (y - y1) / (y2 - y1);
    }
}
