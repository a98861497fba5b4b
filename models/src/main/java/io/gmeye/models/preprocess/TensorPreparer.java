package io.gmeye.models.preprocess;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.InputSpec;
import io.gmeye.models.manifest.InputSpec.Align;
import io.gmeye.models.manifest.InputSpec.ColourOrder;
import io.gmeye.models.manifest.InputSpec.Layout;
import java.nio.FloatBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Turns a BGR frame into a model's float input in one pass: resize (bilinear, fixed point),
 * letterbox or stretch, channel order, normalisation (folded into one multiply-add per value)
 * and layout. Stateless apart from its constants, so one instance serves every thread.
 */
public final class TensorPreparer {
    private static final int FRAC = 11; // fixed-point bits of the bilinear weights
    private static final int ONE = 1 << FRAC;

    private final InputSpec spec;
    private final float[] padding = new float[3];    // the fill value, normalised, per output channel
    private final int[] srcChannel = new int[3];     // output channel -> BGR byte offset
    private final float[] gain = new float[3];       // blended fixed-point value -> normalised input
    private final float[] offset = new float[3];

    public TensorPreparer(InputSpec spec) {
        this.spec = spec;
        for (int c = 0; c < 3; c++) {
            srcChannel[c] = spec.colour() == ColourOrder.BGR ? c : 2 - c;
            double mean = spec.mean().get(c);
            double std = spec.std().get(c);
            padding[c] = (float) ((spec.fill() * spec.scale() - mean) / std);
            gain[c] = (float) (spec.scale() / std / ((double) ONE * ONE));
            offset[c] = (float) (-mean / std);
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
        return prepare(image, FloatBuffer.wrap(out), true);
    }

    /**
     * As {@link #prepare(BgrImage, float[])}, straight into a (direct) buffer ONNX Runtime reads;
     * {@code fillPadding} false leaves the padding alone, for a buffer reused for frames of the
     * same size (its padding never changes).
     */
    public FrameMapping prepare(BgrImage image, FloatBuffer out, boolean fillPadding) {
        return prepare(image, out, fillPadding, null);
    }

    /**
     * As above; with a {@code helper}, the upper half of the rows is prepared there while the
     * caller does the lower half. ONNX Runtime's threads are idle between runs, so on a small
     * box this uses a core that would otherwise wait.
     */
    public FrameMapping prepare(BgrImage image, FloatBuffer out, boolean fillPadding, Executor helper) {
        FrameMapping m = mapping(image.width(), image.height());
        int iw = m.inputWidth();
        int ih = m.inputHeight();
        if (out.capacity() < 3 * iw * ih) {
            throw new IllegalArgumentException("tensor buffer holds " + out.capacity() + " floats, needs " + (3 * iw * ih));
        }
        int nw = pictureWidth(m, image);
        int nh = pictureHeight(m, image);
        if (fillPadding) {
            fillPadding(out, iw, ih, (int) m.padX(), (int) m.padY(), nw, nh);
        }
        Resize job = new Resize(image, out, m, nw, nh);
        if (helper == null || nh < 64) {
            job.rows(0, nh);
        } else {
            CompletableFuture<Void> upper = CompletableFuture.runAsync(() -> job.rows(0, nh / 2), helper);
            job.rows(nh / 2, nh);
            upper.join();
        }
        return m;
    }

    /**
     * Separable bilinear in fixed point: each source row is interpolated across once (kept while
     * consecutive target rows share it), then target rows blend two of them.
     */
    private final class Resize {
        final BgrImage image;
        final FloatBuffer out;
        final FrameMapping m;
        final int nw;
        final int nh;
        final int[] xa;
        final int[] xb;
        final int[] wx;

        Resize(BgrImage image, FloatBuffer out, FrameMapping m, int nw, int nh) {
            this.image = image;
            this.out = out;
            this.m = m;
            this.nw = nw;
            this.nh = nh;
            int sw = image.width();
            xa = new int[nw];
            xb = new int[nw];
            wx = new int[nw];
            double fx = (double) sw / nw;
            for (int x = 0; x < nw; x++) {
                double sx = Math.max(0, (x + 0.5) * fx - 0.5);
                int ix = Math.min((int) sx, sw - 1);
                xa[x] = ix * 3;
                xb[x] = Math.min(ix + 1, sw - 1) * 3;
                wx[x] = (int) ((sx - ix) * ONE);
            }
        }

        void rows(int from, int to) {
            int sw = image.width();
            int sh = image.height();
            byte[] px = image.pixels();
            int iw = m.inputWidth();
            int padX = (int) m.padX();
            int padY = (int) m.padY();
            int[] rowA = new int[nw * 3];
            int[] rowB = new int[nw * 3];
            float[] c0 = new float[nw * 3];
            float[] c1 = new float[nw];
            float[] c2 = new float[nw];
            int rowAIndex = -1;
            int rowBIndex = -1;
            int plane = iw * m.inputHeight();
            boolean planar = spec.layout() == Layout.NCHW;
            int s0 = srcChannel[0];
            int s1 = srcChannel[1];
            int s2 = srcChannel[2];
            double fy = (double) sh / nh;
            for (int y = from; y < to; y++) {
                double sy = Math.max(0, (y + 0.5) * fy - 0.5);
                int iy = Math.min((int) sy, sh - 1);
                int iy1 = Math.min(iy + 1, sh - 1);
                int wy = (int) ((sy - iy) * ONE);
                if (rowAIndex != iy) {
                    if (rowBIndex == iy) {
                        int[] t = rowA;
                        rowA = rowB;
                        rowB = t;
                        rowBIndex = -1;
                    } else {
                        horizontal(px, iy * sw * 3, xa, xb, wx, rowA);
                    }
                    rowAIndex = iy;
                }
                if (rowBIndex != iy1) {
                    horizontal(px, iy1 * sw * 3, xa, xb, wx, rowB);
                    rowBIndex = iy1;
                }
                int wa = ONE - wy;
                // a row is built in arrays and copied in bulk: per-value puts into a direct buffer cost more than the arithmetic
                for (int x = 0, k = 0; x < nw; x++, k += 3) {
                    float v0 = (rowA[k + s0] * wa + rowB[k + s0] * wy) * gain[0] + offset[0];
                    float v1 = (rowA[k + s1] * wa + rowB[k + s1] * wy) * gain[1] + offset[1];
                    float v2 = (rowA[k + s2] * wa + rowB[k + s2] * wy) * gain[2] + offset[2];
                    if (planar) {
                        c0[x] = v0;
                        c1[x] = v1;
                        c2[x] = v2;
                    } else {
                        c0[k] = v0;
                        c0[k + 1] = v1;
                        c0[k + 2] = v2;
                    }
                }
                int t = (y + padY) * iw + padX;
                if (planar) {
                    out.put(t, c0, 0, nw);
                    out.put(plane + t, c1, 0, nw);
                    out.put(2 * plane + t, c2, 0, nw);
                } else {
                    out.put(t * 3, c0, 0, nw * 3);
                }
            }
        }
    }

    /** Rows [padY, padY + picture height) hold the picture; the rest is padding. */
    public static int pictureHeight(FrameMapping m, BgrImage image) {
        return Math.min(m.inputHeight() - (int) m.padY(), (int) Math.round(image.height() * m.scaleY()));
    }

    static int pictureWidth(FrameMapping m, BgrImage image) {
        return Math.min(m.inputWidth() - (int) m.padX(), (int) Math.round(image.width() * m.scaleX()));
    }

    /** One source row interpolated to the target width, three channels, values x ONE. */
    private static void horizontal(byte[] px, int row, int[] xa, int[] xb, int[] wx, int[] out) {
        for (int x = 0, k = 0; x < xa.length; x++, k += 3) {
            int a = row + xa[x];
            int b = row + xb[x];
            int w = wx[x];
            int wa = ONE - w;
            out[k] = (px[a] & 0xff) * wa + (px[b] & 0xff) * w;
            out[k + 1] = (px[a + 1] & 0xff) * wa + (px[b + 1] & 0xff) * w;
            out[k + 2] = (px[a + 2] & 0xff) * wa + (px[b + 2] & 0xff) * w;
        }
    }

    private void fillPadding(FloatBuffer out, int iw, int ih, int padX, int padY, int nw, int nh) {
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
                    out.put(planar ? c * plane + t : t * 3 + c, padding[c]);
                }
            }
        }
    }
}
