package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.List;

/** What the decoders that read one output tensor share: the spec, the labels, and the arithmetic of class scores and centred boxes. */
abstract class SingleOutputDecoder implements Decoder {
    protected final DecoderSpec spec;
    protected final List<String> labels;

    SingleOutputDecoder(DecoderSpec spec, List<String> labels) {
        this.spec = spec;
        this.labels = labels;
    }

    @Override
    public List<String> outputNames() {
        return List.of(spec.output());
    }

    /** Index (0..count-1) of the highest of {@code count} scores starting at {@code from}, {@code step} apart. */
    static int best(float[] d, int from, int count, int step) {
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (d[from + k * step] > d[from + best * step]) {
                best = k;
            }
        }
        return best;
    }

    /** A box given by centre and size in model pixels, in frame pixels. */
    Detection centred(int classId, double score, double cx, double cy, double w, double h, FrameMapping m) {
        return new Detection(classId, labels.get(classId), score, m.toFrame(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
    }
}
