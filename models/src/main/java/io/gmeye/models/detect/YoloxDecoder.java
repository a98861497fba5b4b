package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * YOLOX raw head output [1, cells, 5 + classes]: cells of the stride grids in order, row-major;
 * columns dx, dy, log w, log h, objectness, class scores. Centre = (d + grid) * stride, size =
 * exp(log) * stride, score = objectness * class score.
 */
public final class YoloxDecoder extends SingleOutputDecoder {
    private volatile int[] grid; // per cell: gx, gy, stride; built for the input size on first use
    private volatile long gridKey = -1;

    public YoloxDecoder(DecoderSpec spec, List<String> labels) {
        super(spec, labels);
    }

    @Override
    public List<Detection> decode(ModelOutputs outputs, FrameMapping mapping) {
        FloatTensor t = outputs.get(spec.output());
        int cells = t.dim(1);
        int cols = t.dim(2);
        int classes = cols - 5;
        if (classes != labels.size()) {
            throw new IllegalArgumentException("YOLOX output has " + classes + " classes, the manifest lists " + labels.size() + " labels");
        }
        int[] g = grid(mapping.inputWidth(), mapping.inputHeight(), cells);
        float[] d = t.data();
        float threshold = spec.scoreThreshold().floatValue();
        List<Detection> found = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            int o = c * cols;
            float obj = d[o + 4];
            if (obj < threshold) {
                continue; // score = obj * class <= obj
            }
            int k = best(d, o + 5, classes, 1);
            float score = obj * d[o + 5 + k];
            if (score < threshold) {
                continue;
            }
            int stride = g[c * 3 + 2];
            found.add(centred(k, score, (d[o] + g[c * 3]) * stride, (d[o + 1] + g[c * 3 + 1]) * stride,
                    Math.exp(d[o + 2]) * stride, Math.exp(d[o + 3]) * stride, mapping));
        }
        return Nms.perClass(found, spec.nmsIou());
    }

    private int[] grid(int iw, int ih, int cells) {
        long key = ((long) iw << 32) | ih;
        if (gridKey == key) {
            return grid;
        }
        int total = 0;
        for (int s : spec.strides()) {
            total += (iw / s) * (ih / s);
        }
        if (total != cells) {
            throw new IllegalArgumentException("YOLOX output has " + cells + " cells; strides " + spec.strides() + " on a "
                    + iw + "x" + ih + " input make " + total);
        }
        int[] g = new int[cells * 3];
        int i = 0;
        for (int s : spec.strides()) {
            for (int y = 0; y < ih / s; y++) {
                for (int x = 0; x < iw / s; x++) {
                    g[i++] = x;
                    g[i++] = y;
                    g[i++] = s;
                }
            }
        }
        grid = g;
        gridKey = key;
        return g;
    }
}
