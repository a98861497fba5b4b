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
public final class YoloV8Decoder extends SingleOutputDecoder {
    public YoloV8Decoder(DecoderSpec spec, List<String> labels) {
        super(spec, labels);
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
        int fs = columns ? boxes : 1;
        int bs = columns ? 1 : features;
        double threshold = spec.scoreThreshold();
        List<Detection> found = new ArrayList<>();
        for (int b = 0; b < boxes; b++) {
            int o = b * bs;
            int k = best(d, o + 4 * fs, labels.size(), fs);
            double score = d[o + (4 + k) * fs];
            if (score >= threshold) {
                found.add(centred(k, score, d[o], d[o + fs], d[o + 2 * fs], d[o + 3 * fs], mapping));
            }
        }
        return Nms.perClass(found, spec.nmsIou());
    }
}
