package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe BlazeFace: per anchor layer a score tensor [1, n, 1] (logits) and a box tensor
 * [1, n, 16] (centre offset, size, six key points, in input pixels relative to the anchor).
 * Anchors sit at cell centres of a square grid, {@code anchors[i]} per cell. Overlapping faces
 * are blended weighted by score, as MediaPipe does, rather than dropped.
 */
public final class BlazeFaceDecoder implements Decoder {
    private final DecoderSpec spec;
    private final int inputSize;
    private final String label;

    public BlazeFaceDecoder(DecoderSpec spec, int inputSize, String label) {
        this.spec = spec;
        this.inputSize = inputSize;
        this.label = label;
    }

    @Override
    public List<String> outputNames() {
        return spec.outputs();
    }

    @Override
    public List<Detection> decode(ModelOutputs outputs, FrameMapping mapping) {
        List<double[]> faces = new ArrayList<>(); // x1, y1, x2, y2 in input pixels, score
        double logit = Math.log(spec.scoreThreshold() / (1 - spec.scoreThreshold()));
        for (int layer = 0; layer < spec.anchors().size(); layer++) {
            FloatTensor scores = outputs.get(spec.outputs().get(2 * layer));
            FloatTensor boxes = outputs.get(spec.outputs().get(2 * layer + 1));
            int perCell = spec.anchors().get(layer);
            int n = scores.dim(1);
            int cells = (int) Math.round(Math.sqrt((double) n / perCell));
            if (cells * cells * perCell != n || boxes.dim(1) != n || boxes.dim(2) < 4) {
                throw new IllegalArgumentException("BlazeFace layer " + layer + ": " + n + " anchors do not make a square grid of "
                        + perCell + " per cell");
            }
            int cols = boxes.dim(2);
            float[] s = scores.data();
            float[] b = boxes.data();
            for (int i = 0; i < n; i++) {
                if (s[i] < logit) {
                    continue;
                }
                int cell = i / perCell;
                double ax = (cell % cells + 0.5) / cells * inputSize;
                double ay = (cell / cells + 0.5) / cells * inputSize;
                double cx = ax + b[i * cols];
                double cy = ay + b[i * cols + 1];
                double w = b[i * cols + 2];
                double h = b[i * cols + 3];
                faces.add(new double[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, 1 / (1 + Math.exp(-s[i]))});
            }
        }
        faces.sort(Comparator.comparingDouble((double[] f) -> f[4]).reversed());
        List<Detection> out = new ArrayList<>();
        boolean[] used = new boolean[faces.size()];
        for (int i = 0; i < faces.size(); i++) {
            if (used[i]) {
                continue;
            }
            double[] acc = new double[4];
            double weight = 0;
            double best = faces.get(i)[4];
            for (int j = i; j < faces.size(); j++) {
                if (used[j] || (j > i && iou(faces.get(i), faces.get(j)) < spec.nmsIou())) {
                    continue;
                }
                used[j] = true;
                double sc = faces.get(j)[4];
                for (int k = 0; k < 4; k++) {
                    acc[k] += faces.get(j)[k] * sc;
                }
                weight += sc;
            }
            out.add(new Detection(0, label, best, mapping.toFrame(acc[0] / weight, acc[1] / weight, acc[2] / weight, acc[3] / weight)));
        }
        return out;
    }

    private static double iou(double[] a, double[] b) {
        double ix = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
        double iy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
    }
}
