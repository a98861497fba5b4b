package io.gmeye.rigs.estate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Paints a street scene as a camera would show it (sky, buildings, pavement, road) with the
 * objects of a violation, and encodes it as JPEG; the annotated version draws their boxes and labels.
 */
public final class StreetPicture {
    /** An object in the picture: pixels, top-left corner. */
    public record Thing(String label, int x, int y, int w, int h) {
    }

    private StreetPicture() {
    }

    public static byte[] jpeg(int width, int height, long seed, List<Thing> things, boolean annotated) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Random r = new Random(seed);
            g.setColor(new Color(150, 185, 215));
            g.fillRect(0, 0, width, height / 3);
            for (int x = 0; x < width; ) {
                int w = width / 10 + r.nextInt(width / 8);
                int h = height / 6 + r.nextInt(height / 4);
                g.setColor(new Color(110 + r.nextInt(80), 100 + r.nextInt(60), 90 + r.nextInt(60)));
                g.fillRect(x, height / 2 - h, w, h);
                g.setColor(new Color(60, 70, 90));
                for (int wy = height / 2 - h + 8; wy < height / 2 - 12; wy += 18) {
                    for (int wx = x + 6; wx < x + w - 10; wx += 16) {
                        g.fillRect(wx, wy, 8, 10);
                    }
                }
                x += w + 4;
            }
            g.setColor(new Color(175, 170, 160));
            g.fillRect(0, height / 2, width, height / 6);
            g.setColor(new Color(70, 72, 75));
            g.fillRect(0, height * 2 / 3, width, height / 3);
            g.setColor(Color.WHITE);
            for (int x = 0; x < width; x += 60) {
                g.fillRect(x, height * 5 / 6, 30, 4);
            }
            for (Thing t : things) {
                g.setColor(new Color(r.nextInt(200), r.nextInt(200), r.nextInt(200)));
                g.fillRoundRect(t.x(), t.y(), t.w(), t.h(), 10, 10);
            }
            if (annotated) {
                g.setStroke(new BasicStroke(3));
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, height / 30)));
                for (Thing t : things) {
                    g.setColor(Color.RED);
                    g.drawRect(t.x(), t.y(), t.w(), t.h());
                    g.drawString(t.label(), t.x(), Math.max(14, t.y() - 4));
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
