package io.gmeye.protocols.inspection;

/** An axis-aligned box in frame pixels: top-left corner, width, height. */
public record Box(double x, double y, double w, double h) {
    public Box {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(w) && Double.isFinite(h)) || w < 0 || h < 0) {
            throw new IllegalArgumentException("box: needs finite x, y and non-negative w, h");
        }
    }

    public boolean inside(int width, int height) {
        return x >= 0 && y >= 0 && x + w <= width + 0.5 && y + h <= height + 0.5;
    }
}
