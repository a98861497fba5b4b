package io.gmeye.models.preprocess;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.InputSpec;
import io.gmeye.models.manifest.InputSpec.Align;
import io.gmeye.models.manifest.InputSpec.ColourOrder;
import io.gmeye.models.manifest.InputSpec.Layout;

/**
 * Turns a BGR frame into a model's float input in one pass: resize (bilinear, fixed point),
 * letterbox or stretch, channel order, normalisation (a lookup table per channel) and layout.
 * Stateless apart from its lookup tables, so one instance serves every thread.
 */
public final class TensorPreparer {
    private static final int FRAC = 11; // fixed-point bits of the bilinear weights
    private static final int ONE = 1 << FRAC;

    private final InputSpec spec;
    private final float[][] lut = new float[3][256]; // per output channel
    private final int[] srcChannel = new int[3];     // output channel -> BGR byte offset

    public TensorPreparer(InputSpec spec) {
        this.spec = spec;
        for (int c = 0; c < 3; c++) {
            srcChannel[c] = spec.colour() == ColourOrder.BGR ? c : 2 - c;
            double mean = spec.mean().get(c);
            double std = spec.std().get(c);
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v * spec.scale() - mean) / std);
            }
        }
    }

    /** The input size and placement a frame of this size gets. */
    public FrameMapping mapping(int frameWidth, int frameHeight) {
        int iw = spec.width();
        int ih = spec.height();
        switch (spec.resize()) {
            case STRETCH -> {
                return new FrameMapping((double) iw / frameWidth, (double) ih / frameHeight, 0, 0, frameWidth, frameHeight, iw, ih);
            }
            case STRETCH32 -> {
                double r = Math.min(1.0, (double) Math.max(iw, ih) / Math.max(frameWidth, frameHeight));
                int w = Math.max(32, (int) Math.round(frameWidth * r / 32.0) * 32);
                int h = Math.max(32, (int) Math.round(frameHeight * r / 32.0) * 32);
                return new FrameMapping((double) w / frameWidth, (double) h / frameHeight, 0, 0, frameWidth, frameHeight, w, h);
            }
            default -> {
                double r = Math.min((double) iw / frameWidth, (double) ih / frameHeight);
                int nw = Math.max(1, (int) Math.round(frameWidth * r));
                int nh = Math.max(1, (int) Math.round(frameHeight * r));
                int padX = spec.align() == Align.CENTER ? (iw - nw) / 2 : 0;
                int padY = spec.align() == Align.CENTER ? (ih - nh) / 2 : 0;
                return new FrameMapping(r, r, padX, padY, frameWidth, frameHeight, iw, ih);
            }
        }
    }

    /** Fills {@code out} (at least 3 x input width x input height floats) and says where the frame went. */
    public FrameMapping prepare(BgrImage image, float[] out) {
        FrameMapping m = mapping(image.width(), image.height());
        int iw = m.inputWidth();
        int ih = m.inputHeight();
        if (out.length < 3 * iw * ih) {
            throw new IllegalArgumentException("tensor buffer holds " + out.length + " floats, needs " + (3 * iw * ih));
        }
        int padX = (int) m.padX();
        int padY = (int) m.padY();
        int nw = Math.min(iw - padX, (int) Math.round(image.width() * m.scaleX()));
        int nh = Math.min(ih - padY, (int) Math.round(image.height() * m.scaleY()));
        fillPadding(out, iw, ih, padX, padY, nw, nh);

        // per target column: left source column and its weight, precomputed once per frame
        int sw = image.width();
        int sh = image.height();
        int[] x0 = new int[nw];
        int[] wx = new int[nw];
        double fx = (double) sw / nw;
        for (int x = 0; x < nw; x++) {
            double sx = Math.max(0, (x + 0.5) * fx - 0.5);
            int ix = Math.min((int) sx, sw - 1);
            x0[x] = ix;
            wx[x] = ix >= sw - 1 ? 0 : (int) ((sx - ix) * ONE);
        }
        byte[] px = image.pixels();
        int plane = iw * ih;
        boolean planar = spec.layout() == Layout.NCHW;
        float[] l0 = lut[0];
        float[] l1 = lut[1];
        float[] l2 = lut[2];
        int s0 = srcChannel[0];
        int s1 = srcChannel[1];
        int s2 = srcChannel[2];
        double fy = (double) sh / nh;
        for (int y = 0; y < nh; y++) {
            double sy = Math.max(0, (y + 0.5) * fy - 0.5);
            int iy = Math.min((int) sy, sh - 1);
            int wy = iy >= sh - 1 ? 0 : (int) ((sy - iy) * ONE);
            int row0 = iy * sw * 3;
            int row1 = Math.min(iy + 1, sh - 1) * sw * 3;
            int ty = y + padY;
            for (int x = 0; x < nw; x++) {
                int a = row0 + x0[x] * 3;
                int b = row1 + x0[x] * 3;
                int step = wx[x] == 0 ? 0 : 3;
                int w1 = wx[x];
                int v0 = lerp(px, a + s0, b + s0, step, w1, wy);
                int v1 = lerp(px, a + s1, b + s1, step, w1, wy);
                int v2 = lerp(px, a + s2, b + s2, step, w1, wy);
                int t = ty * iw + x + padX;
                if (planar) {
                    out[t] = l0[v0];
                    out[plane + t] = l1[v1];
                    out[2 * plane + t] = l2[v2];
                } else {
                    int o = t * 3;
                    out[o] = l0[v0];
                    out[o + 1] = l1[v1];
                    out[o + 2] = l2[v2];
                }
            }
        }
        return m;
    }

    private static int lerp(byte[] px, int a, int b, int step, int wx, int wy) {
        int top = ((px[a] & 0xff) * (ONE - wx) + (px[a + step] & 0xff) * wx);
        int bottom = ((px[b] & 0xff) * (ONE - wx) + (px[b + step] & 0xff) * wx);
        long v = ((long) top * (ONE - wy) + (long) bottom * wy + (1L << (2 * FRAC - 1))) >> (2 * FRAC);
        return (int) v;
    }

    private void fillPadding(float[] out, int iw, int ih, int padX, int padY, int nw, int nh) {
        if (nw == iw && nh == ih) {
            return;
        }
        int plane = iw * ih;
        boolean planar = spec.layout() == Layout.NCHW;
        for (int y = 0; y < ih; y++) {
            boolean rowInside = y >= padY && y < padY + nh;
            for (int x = 0; x < iw; x++) {
                if (rowInside && x >= padX && x < padX + nw) {
                    x = padX + nw - 1; // skip the picture
                    continue;
                }
                int t = y * iw + x;
                for (int c = 0; c < 3; c++) {
                    float v = lut[c][spec.fill()];
                    if (planar) {
                        out[c * plane + t] = v;
                    } else {
                        out[t * 3 + c] = v;
                    }
                }
            }
        }
    }
}
