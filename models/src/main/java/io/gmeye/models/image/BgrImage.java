package io.gmeye.models.image;

/**
 * A decoded picture as the pipeline passes it between stages: packed 8-bit BGR, rows of
 * {@code width * 3} bytes, no padding. The array is owned by whoever holds the record; stages
 * that keep a picture beyond their call copy it.
 */
public record BgrImage(int width, int height, byte[] pixels) {
    public BgrImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels == null || pixels.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR image needs " + (width * height * 3)
                    + " bytes, got " + (pixels == null ? 0 : pixels.length));
        }
    }

    public BgrImage copy() {
        return new BgrImage(width, height, pixels.clone());
    }
}
