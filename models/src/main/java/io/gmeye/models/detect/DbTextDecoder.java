package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * PaddleOCR DB text detection: the output is a text probability map [1, 1, H, W] at input
 * resolution. Pixels above {@code binaryThreshold} are grouped into 8-connected regions; a
 * region whose mean probability reaches {@code scoreThreshold} is a text box, grown by DB's
 * unclip distance (area x ratio / perimeter) because the map marks the shrunk text core.
 * Boxes are axis-aligned: street cameras see posters and banners roughly upright, and scenes
 * need where text is, not its exact angle.
 */
public final class DbTextDecoder extends SingleOutputDecoder {
    private static final int MIN_SIDE = 3;
    private static final int MAX_REGIONS = 1000;

    public DbTextDecoder(DecoderSpec spec, String label) {
        super(spec, List.of(label));
    }

    @Override
    public List<Detection> decode(ModelOutputs outputs, FrameMapping mapping) {
        FloatTensor t = outputs.get(spec.output());
        int h = t.dim(t.rank() - 2);
        int w = t.dim(t.rank() - 1);
        float[] prob = t.data();
        float bin = spec.binaryThreshold().floatValue();
        List<Detection> found = new ArrayList<>();
        for (ConnectedRegions.Region r : ConnectedRegions.find(w, h, p -> prob[p] > bin, MAX_REGIONS)) {
            double sum = 0;
            for (int p : r.pixels()) {
                sum += prob[p];
            }
            double score = sum / r.pixels().length;
            int bw = r.width();
            int bh = r.height();
            if (bw < MIN_SIDE || bh < MIN_SIDE || score < spec.scoreThreshold()) {
                continue;
            }
            double grow = (double) bw * bh * spec.unclipRatio() / (2.0 * (bw + bh));
            found.add(new Detection(0, labels.get(0), score,
                    mapping.toFrame(r.minX() - grow, r.minY() - grow, r.maxX() + 1 + grow, r.maxY() + 1 + grow)));
        }
        return Nms.perClass(found, spec.nmsIou());
    }
}
