package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv8/v11-style export (Ultralytics): [1, 4 + classes, boxes], one column per box: cx, cy, w,
 * h in input pixels, then class scores; no objectness. Some exports are transposed to
 * [1, boxes, 4 + classes]; the shape tells which.
 */
public final class YoloV8Decoder implements Decoder {
    private final DecoderSpec spec;
    private final List<String> labels;

    public YoloV8Decoder(DecoderSpec spec, List<String> labels) {
        this.spec = spec;
        this.labels = labels;
    }

    @Override
    public List<String> outputNames() {
        return List.of(spec.output());
    }

    @Override
    public List<Detection> decode(ModelOutputs outputs, FrameMapping mapping) {
        FloatTensor t = outputs.get(spec.output());
        int features = 4 + labels.size();
        boolean columns = t.dim(1) == features;
        int boxes = columns ? t.dim(2) : t.dim(1);
        if ((columns ? t.dim(1) : t.dim(2)) != features) {
            throw new IllegalArgumentException("YOLOv8 output shape [1, " + t.dim(1) + ", " + t.dim(2) + "] does not hold 4 + "
                    + labels.size() + " features per box");
        }
        float[] d = t.data();
        // element f of box b: columns layout [f][b], rows layout [b][f]
        int fStride = columns ? boxes : 1;
        int bStride = columns ? 1 : features;
        double threshold = spec.scoreThreshold();
        List<Detection> found = new ArrayList<>();
        for (int b = 0; b < boxes; b++) {
            int o = b * bStride;
            int best = 0;
            float bestScore = d[o + 4 * fStride];
            for (int k = 1; k < labels.size(); k++) {
                float s = d[o + (4 + k) * fStride];
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            if (bestScore >= threshold) {
                found.add(centred(best, labels.get(best), bestScore, d[o], d[o + fStride], d[o + 2 * fStride], d[o + 3 * fStride], mapping));
            }
        }
        return Nms.perClass(found, spec.nmsIou());
    }

    static Detection centred(int classId, String label, double score, double cx, double cy, double w, double h, FrameMapping m) {
        return new Detection(classId, label, score, m.toFrame(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
    }
}
