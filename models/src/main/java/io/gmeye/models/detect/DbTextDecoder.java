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
public final class DbTextDecoder implements Decoder {
    private static final int MIN_SIDE = 3;
    private static final int MAX_REGIONS = 1000;

    private final DecoderSpec spec;
    private final String label;

    public DbTextDecoder(DecoderSpec spec, String label) {
        this.spec = spec;
        this.label = label;
    }

    @Override
    public List<String> outputNames() {
        return List.of(spec.output());
    }

    @Override
    public List<Detection> decode(ModelOutputs outputs, FrameMapping mapping) {
        FloatTensor t = outputs.get(spec.output());
        int h = t.dim(t.rank() - 2);
        int w = t.dim(t.rank() - 1);
        float[] prob = t.data();
        float bin = spec.binaryThreshold().floatValue();
        int[] label = new int[w * h];
        int[] stack = new int[w * h];
        List<Detection> found = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < w * h && found.size() < MAX_REGIONS; start++) {
            if (label[start] != 0 || prob[start] <= bin) {
                continue;
            }
            next++;
            int sp = 0;
            stack[sp++] = start;
            label[start] = next;
            int minX = w;
            int minY = h;
            int maxX = -1;
            int maxY = -1;
            double sum = 0;
            int count = 0;
            while (sp > 0) {
                int p = stack[--sp];
                int px = p % w;
                int py = p / w;
                sum += prob[p];
                count++;
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= w) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (label[q] == 0 && prob[q] > bin) {
                            label[q] = next;
                            stack[sp++] = q;
                        }
                    }
                }
            }
            int bw = maxX - minX + 1;
            int bh = maxY - minY + 1;
            double score = sum / count;
            if (bw < MIN_SIDE || bh < MIN_SIDE || score < spec.scoreThreshold()) {
                continue;
            }
            double grow = (double) bw * bh * spec.unclipRatio() / (2.0 * (bw + bh));
            found.add(new Detection(0, this.label, score,
                    mapping.toFrame(minX - grow, minY - grow, maxX + 1 + grow, maxY + 1 + grow)));
        }
        return Nms.perClass(found, spec.nmsIou());
    }
}
