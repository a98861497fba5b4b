package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv5-style export (Ultralytics v5, YOLOv7): [1, boxes, 5 + classes], rows cx, cy, w, h in
 * input pixels, objectness, class scores, all already activated. Score = objectness * class.
 */
public final class YoloV5Decoder extends SingleOutputDecoder {
    public YoloV5Decoder(DecoderSpec spec, List<String> labels) {
        super(spec, labels);
    }

    @Override
    public List<Detection> decode(ModelOutputs outputs, FrameMapping mapping) {
        FloatTensor t = outputs.get(spec.output());
        int rows = t.dim(1);
        int cols = t.dim(2);
        if (cols - 5 != labels.size()) {
            throw new IllegalArgumentException("YOLOv5 output has " + (cols - 5) + " classes, the manifest lists " + labels.size() + " labels");
        }
        float[] d = t.data();
        double threshold = spec.scoreThreshold();
        List<Detection> found = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            if (d[o + 4] < threshold) {
                continue;
            }
            int k = best(d, o + 5, labels.size(), 1);
            double score = d[o + 4] * d[o + 5 + k];
            if (score >= threshold) {
                found.add(centred(k, score, d[o], d[o + 1], d[o + 2], d[o + 3], mapping));
            }
        }
        return Nms.perClass(found, spec.nmsIou());
    }
}
