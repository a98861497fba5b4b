package io.gmeye.agent.inspection;

import io.gmeye.models.image.BgrImage;

/**
 * Decides cheaply whether a camera's picture changed since its last sample, on a 64-pixel-wide
 * grey thumbnail, so the models run on motion and on patrol, not on every identical frame.
 */
final class MotionGate {
    private static final int WIDTH = 64;
    private static final int PIXEL_CHANGE = 25;

    private final double threshold;
    private int[] last;

    MotionGate(double threshold) {
        this.threshold = threshold;
    }

    boolean moved(BgrImage f) {
        int w = Math.min(WIDTH, f.width());
        int h = Math.max(1, f.height() * w / f.width());
        int[] now = new int[w * h];
        byte[] px = f.pixels();
        for (int y = 0; y < h; y++) {
            int sy = y * f.height() / h;
            for (int x = 0; x < w; x++) {
                int o = (sy * f.width() + x * f.width() / w) * 3;
                now[y * w + x] = (29 * (px[o] & 0xff) + 150 * (px[o + 1] & 0xff) + 77 * (px[o + 2] & 0xff)) >> 8;
            }
        }
        int[] before = last;
        last = now;
        if (before == null || before.length != now.length) {
            return true;
        }
        int changed = 0;
        for (int i = 0; i < now.length; i++) {
            if (Math.abs(now[i] - before[i]) > PIXEL_CHANGE) {
                changed++;
            }
        }
        return changed > threshold * now.length;
    }
}
