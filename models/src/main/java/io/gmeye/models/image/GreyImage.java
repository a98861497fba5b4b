package io.gmeye.models.image;

/**
 * A small 8-bit grey picture, rows of {@code width} bytes: what a motion check compares, scaled
 * straight from a decoded frame's brightness instead of from a full-size colour copy.
 */
public record GreyImage(int width, int height, byte[] pixels) {
    public GreyImage {
        if (width <= 0 || height <= 0 || pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " grey image needs " + width * height + " bytes");
        }
    }

    /** The height a picture scaled to {@code width} keeps its shape at. */
    public static int heightFor(int width, int srcWidth, int srcHeight) {
        return Math.max(1, (int) ((long) srcHeight * width / srcWidth));
    }

    /** A grey picture at most {@code maxWidth} wide from a BGR one, by nearest sampling. */
    public static GreyImage of(BgrImage f, int maxWidth) {
        int w = Math.min(maxWidth, f.width());
        int h = heightFor(w, f.width(), f.height());
        byte[] out = new byte[w * h];
        byte[] px = f.pixels();
        for (int y = 0; y < h; y++) {
            int sy = y * f.height() / h;
            for (int x = 0; x < w; x++) {
                int o = (sy * f.width() + x * f.width() / w) * 3;
                out[y * w + x] = (byte) ((29 * (px[o] & 0xff) + 150 * (px[o + 1] & 0xff) + 77 * (px[o + 2] & 0xff)) >> 8);
            }
        }
        return new GreyImage(w, h, out);
    }
}
