package io.gmeye.agent.inspection.snapshot;

import io.gmeye.models.detect.Detection;
import io.gmeye.models.detect.Nms;
import io.gmeye.models.image.BgrImage;
import io.gmeye.protocols.inspection.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Blurs the faces of passers-by before a snapshot leaves the site (a site may require it). Faces
 * are looked for in the whole frame and, because street cameras see people small, again in the
 * head region of every person the detector found, scaled up. Found faces are pixelated beyond
 * recognition, with a margin, and the blurred picture is searched once more for faces the first
 * pass missed next to the big ones.
 */
public final class FaceBlur {
    private static final double MARGIN = 0.25;
    private static final int MIN_HEAD = 16;
    private static final int SMALL_FACE = 40;

    private final Function<BgrImage, List<Detection>> faces;

    /** @param faces a face detector (BlazeFace), called from the snapshot thread */
    public FaceBlur(Function<BgrImage, List<Detection>> faces) {
        this.faces = faces;
    }

    /** A copy of {@code image} with every face found pixelated; {@code people} are person boxes in frame pixels. */
    public BgrImage apply(BgrImage image, List<Box> people) {
        BgrImage out = image.copy();
        find(image, people).forEach(f -> pixelate(out, f));
        // a second look at the blurred picture: faces the big ones outshone in the first pass
        faces.apply(out).forEach(d -> pixelate(out, d.box()));
        return out;
    }

    public List<Box> find(BgrImage image, List<Box> people) {
        List<Detection> all = new ArrayList<>(faces.apply(image));
        for (Box p : people) {
            // the head: top of the box, as wide as the box, a square
            double side = Math.min(p.w(), p.h() * 0.5);
            if (side < MIN_HEAD) {
                continue;
            }
            int x = (int) Math.max(0, p.x() + (p.w() - side) / 2);
            int y = (int) Math.max(0, p.y());
            int s = (int) Math.min(side, Math.min(image.width() - x, image.height() - y));
            if (s < MIN_HEAD) {
                continue;
            }
            for (Detection d : faces.apply(crop(image, x, y, s, s))) {
                Box b = d.box();
                all.add(new Detection(d.classId(), d.label(), d.score(), new Box(b.x() + x, b.y() + y, b.w(), b.h())));
            }
        }
        return Nms.perClass(all, 0.3).stream().map(Detection::box).toList();
    }

    static BgrImage crop(BgrImage src, int x, int y, int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(src.pixels(), ((y + row) * src.width() + x) * 3, px, row * w * 3, w * 3);
        }
        return new BgrImage(w, h, px);
    }

    /** Replaces the box (plus margin) with blocks of its average colour, four across a face, one for a small face. */
    static void pixelate(BgrImage img, Box face) {
        int x0 = (int) Math.max(0, face.x() - face.w() * MARGIN);
        int y0 = (int) Math.max(0, face.y() - face.h() * MARGIN);
        int x1 = (int) Math.min(img.width(), face.x() + face.w() * (1 + MARGIN));
        int y1 = (int) Math.min(img.height(), face.y() + face.h() * (1 + MARGIN));
        double size = Math.max(face.w(), face.h());
        // small faces become one flat patch: four blocks of a few pixels still read as a face
        int block = size < SMALL_FACE ? Math.max(x1 - x0, y1 - y0) : (int) Math.ceil(size / 4);
        byte[] px = img.pixels();
        for (int by = y0; by < y1; by += block) {
            for (int bx = x0; bx < x1; bx += block) {
                int ex = Math.min(x1, bx + block);
                int ey = Math.min(y1, by + block);
                long b = 0, g = 0, r = 0;
                int n = 0;
                for (int y = by; y < ey; y++) {
                    for (int x = bx; x < ex; x++) {
                        int o = (y * img.width() + x) * 3;
                        b += px[o] & 0xff;
                        g += px[o + 1] & 0xff;
                        r += px[o + 2] & 0xff;
                        n++;
                    }
                }
                for (int y = by; y < ey; y++) {
                    for (int x = bx; x < ex; x++) {
                        int o = (y * img.width() + x) * 3;
                        px[o] = (byte) (b / n);
                        px[o + 1] = (byte) (g / n);
                        px[o + 2] = (byte) (r / n);
                    }
                }
            }
        }
    }
}
