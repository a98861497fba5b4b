package io.gmeye.models.preprocess;

import io.gmeye.protocols.inspection.Box;

/**
 * Where a frame landed inside a model input: model pixel {@code (x, y)} is frame pixel
 * {@code ((x - padX) / scaleX, (y - padY) / scaleY)}. Decoders work in model pixels and map boxes
 * back with {@link #toFrame}, clipped to the frame.
 */
public record FrameMapping(double scaleX, double scaleY, double padX, double padY,
                           int frameWidth, int frameHeight, int inputWidth, int inputHeight) {

    /** A box given by its corners in model pixels, in frame pixels, clipped to the frame. */
    public Box toFrame(double x1, double y1, double x2, double y2) {
        double fx1 = clamp((x1 - padX) / scaleX, frameWidth);
        double fy1 = clamp((y1 - padY) / scaleY, frameHeight);
        double fx2 = clamp((x2 - padX) / scaleX, frameWidth);
        double fy2 = clamp((y2 - padY) / scaleY, frameHeight);
        return new Box(fx1, fy1, Math.max(0, fx2 - fx1), Math.max(0, fy2 - fy1));
    }

    private static double clamp(double v, int limit) {
        return Math.max(0, Math.min(limit, v));
    }
}
