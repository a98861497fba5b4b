package io.gmeye.agent.inspection.snapshot;

import io.gmeye.agent.inspection.scene.Finding;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.zone.Line;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Draws what an operator needs to judge an event: the scene's zones and line, and each object's box, label and score. */
public final class SnapshotPainter {
    private static final Color ZONE = new Color(255, 210, 0);
    private static final Color LINE = new Color(0, 200, 255);
    private static final Color OBJECT = new Color(255, 40, 40);
    private static final Color PLATE = new Color(0, 0, 0, 170);

    private SnapshotPainter() {
    }

    /** A copy of {@code clean} with the scene and the finding drawn on it. */
    public static BgrImage annotate(BgrImage clean, SceneConfig scene, Finding finding) {
        BufferedImage img = Jpeg.toBufferedImage(clean);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int w = img.getWidth();
            int h = img.getHeight();
            float stroke = Math.max(2f, w / 320f);
            g.setStroke(new BasicStroke(stroke));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, w / 50)));
            for (Zone z : scene.zones()) {
                g.setColor(ZONE);
                List<List<Double>> p = z.points();
                int[] xs = p.stream().mapToInt(pt -> (int) Math.round(pt.get(0) * (w - 1))).toArray();
                int[] ys = p.stream().mapToInt(pt -> (int) Math.round(pt.get(1) * (h - 1))).toArray();
                g.drawPolygon(xs, ys, xs.length);
            }
            Line l = scene.line();
            if (l != null) {
                g.setColor(LINE);
                g.drawLine((int) (l.x1() * w), (int) (l.y1() * h), (int) (l.x2() * w), (int) (l.y2() * h));
            }
            g.setColor(OBJECT);
            List<String> texts = new ArrayList<>();
            List<Integer> widths = new ArrayList<>();
            List<Box> boxes = new ArrayList<>();
            FontMetrics fm = g.getFontMetrics();
            int pad = 2;
            for (DetectedObject o : finding.objects()) {
                Box b = o.box();
                g.drawRect((int) b.x(), (int) b.y(), (int) b.w(), (int) b.h());
                String text = o.label() + " " + Math.round(o.score() * 100) + "%";
                texts.add(text);
                widths.add(fm.stringWidth(text) + 2 * pad);
                boxes.add(b);
            }
            // labels on a dark plate, laid out so none covers another: boxes of one finding often touch
            List<LabelLayout.Place> places = LabelLayout.place(boxes, widths, fm.getHeight(), w, h);
            for (int i = 0; i < places.size(); i++) {
                LabelLayout.Place p = places.get(i);
                g.setColor(PLATE);
                g.fillRect(p.x(), p.y(), p.w(), p.h());
                g.setColor(OBJECT);
                g.drawString(texts.get(i), p.x() + pad, p.y() + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return Jpeg.fromBufferedImage(img);
    }
}
