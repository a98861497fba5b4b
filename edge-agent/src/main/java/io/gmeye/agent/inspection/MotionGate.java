package io.gmeye.agent.inspection;

import io.gmeye.models.image.GreyImage;

/**
 * Decides cheaply whether a camera's picture changed since its last sample, on a 64-pixel-wide
 * grey thumbnail scaled straight from the decoded frame, so the models run on motion and on
 * patrol, not on every identical frame, and a still frame costs no colour conversion at all.
 */
final class MotionGate {
    static final int WIDTH = 64;
    private static final int PIXEL_CHANGE = 25;

    private final double threshold;
    private byte[] last;

    MotionGate(double threshold) {
        this.threshold = threshold;
    }

    boolean moved(GreyImage now) {
        byte[] before = last;
        byte[] px = now.pixels();
        last = px;
        if (before == null || before.length != px.length) {
            return true;
        }
        int changed = 0;
        for (int i = 0; i < px.length; i++) {
            if (Math.abs((px[i] & 0xff) - (before[i] & 0xff)) > PIXEL_CHANGE) {
                changed++;
            }
        }
        return changed > threshold * px.length;
    }
}
