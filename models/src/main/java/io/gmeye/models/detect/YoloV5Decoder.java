package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv5-style export (Ultralytics v5, YOLOv7): [1, boxes, 5 + classes], rows cx, cy, w, h in
 * input pixels, objectness, class scores, all already activated. Score = objectness * class.
 */
public final class YoloV5Decoder implements Decoder {
    private final DecoderSpec spec;
    private final List<String> labels;

    public YoloV5Decoder(DecoderSpec spec, List<String> labels) {
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
        int rows = t.dim(1);
        int cols = t.dim(2);
        int classes = cols - 5;
        if (classes != labels.size()) {
            throw new IllegalArgumentException("YOLOv5 output has " + classes + " classes, the manifest lists " + labels.size() + " labels");
        }
        float[] d = t.data();
        double threshold = spec.scoreThreshold();
        List<Detection> found = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float obj = d[o + 4];
            if (obj < threshold) {
                continue;
            }
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (d[o + 5 + k] > d[o + 5 + best]) {
                    best = k;
                }
            }
            double score = obj * d[o + 5 + best];
            if (score >= threshold) {
                found.add(YoloV8Decoder.centred(best, labels.get(best), score, d[o], d[o + 1], d[o + 2], d[o + 3], mapping));
            }
        }
        return Nms.perClass(found, spec.nmsIou());
    }
}
