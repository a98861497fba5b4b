package io.gmeye.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.manifest.DecoderSpec.DecoderKind;
import io.gmeye.models.preprocess.FrameMapping;
import io.gmeye.protocols.inspection.Box;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoders on hand-made output tensors whose right answer is known. */
class DecodersTest {
    static final List<String> LABELS = List.of("person", "car", "dog");
    static final FrameMapping IDENTITY_64 = new FrameMapping(1, 1, 0, 0, 64, 64, 64, 64);

    static DecoderSpec spec(DecoderKind kind, String output) {
        return new DecoderSpec(kind, output, null, List.of(8, 16, 32), null, 0.3, 0.45, null, null);
    }

    static ModelOutputs one(String name, float[] data, long... shape) {
        return new ModelOutputs(Map.of(name, new FloatTensor(data, shape)));
    }

    @Test
    void yoloxPlacesABoxFromItsGridCellAndStrideAndScoresObjectnessTimesClass() {
        // 64x64 input: 8x8 + 4x4 + 2x2 = 84 cells; put a car in cell (3, 2) of the stride-8 grid
        int cols = 5 + LABELS.size();
        float[] d = new float[84 * cols];
        int o = (2 * 8 + 3) * cols;
        d[o] = 0.5f;                      // dx
        d[o + 1] = 0.5f;                  // dy
        d[o + 2] = (float) Math.log(2);   // w = 2 * 8
        d[o + 3] = (float) Math.log(3);   // h = 3 * 8
        d[o + 4] = 0.9f;
        d[o + 5 + 1] = 0.8f;
        List<Detection> got = new YoloxDecoder(spec(DecoderKind.YOLOX, "output"), LABELS)
                .decode(one("output", d, 1, 84, cols), IDENTITY_64);
        assertThat(got).hasSize(1);
        Detection car = got.get(0);
        assertThat(car.label()).isEqualTo("car");
        assertThat(car.score()).isCloseTo(0.72, within(1e-6));
        // centre (3.5 * 8, 2.5 * 8) = (28, 20), size 16 x 24
        assertThat(car.box().x()).isCloseTo(20, within(1e-4));
        assertThat(car.box().y()).isCloseTo(8, within(1e-4));
        assertThat(car.box().w()).isCloseTo(16, within(1e-4));
        assertThat(car.box().h()).isCloseTo(24, within(1e-4));
    }

    @Test
    void yoloxRefusesAnOutputWhoseCellsDoNotMatchTheStrides() {
        float[] d = new float[80 * 8];
        assertThatThrownBy(() -> new YoloxDecoder(spec(DecoderKind.YOLOX, "output"), LABELS).decode(one("output", d, 1, 80, 8), IDENTITY_64))
                .hasMessageContaining("80 cells");
    }

    @Test
    void yoloV5ReadsCentreSizeRowsAndSuppressesTheWeakerOverlap() {
        int cols = 8;
        float[] d = new float[3 * cols];
        float[][] rows = {
                {32, 32, 20, 20, 0.9f, 0.1f, 0.9f, 0}, // car 0.81
                {33, 32, 20, 20, 0.8f, 0.1f, 0.9f, 0}, // same car, weaker: suppressed
                {10, 10, 8, 8, 0.2f, 1, 0, 0}};        // person below threshold
        for (int r = 0; r < 3; r++) {
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        List<Detection> got = new YoloV5Decoder(spec(DecoderKind.YOLOV5, "output0"), LABELS).decode(one("output0", d, 1, 3, cols), IDENTITY_64);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).box()).isEqualTo(new Box(22, 22, 20, 20));
        assertThat(got.get(0).score()).isCloseTo(0.81, within(1e-6));
    }

    @Test
    void yoloV8ReadsTheTransposedFeatureMajorLayoutAndTheBoxMajorOne() {
        // two boxes, 4 + 3 features: a dog at (16, 16) 8x8 and nothing
        float[][] boxes = {{16, 16, 8, 8, 0, 0, 0.7f}, {40, 40, 8, 8, 0.1f, 0.1f, 0.1f}};
        float[] featureMajor = new float[7 * 2];
        float[] boxMajor = new float[2 * 7];
        for (int b = 0; b < 2; b++) {
            for (int f = 0; f < 7; f++) {
                featureMajor[f * 2 + b] = boxes[b][f];
                boxMajor[b * 7 + f] = boxes[b][f];
            }
        }
        YoloV8Decoder dec = new YoloV8Decoder(spec(DecoderKind.YOLOV8, "output0"), LABELS);
        for (List<Detection> got : List.of(dec.decode(one("output0", featureMajor, 1, 7, 2), IDENTITY_64),
                dec.decode(one("output0", boxMajor, 1, 2, 7), IDENTITY_64))) {
            assertThat(got).hasSize(1);
            assertThat(got.get(0).label()).isEqualTo("dog");
            assertThat(got.get(0).box()).isEqualTo(new Box(12, 12, 8, 8));
        }
    }

    @Test
    void dbTextGroupsHotPixelsIntoOneUnclippedBoxPerRegion() {
        // 32x16 map with one text core 10x4 at (4, 6) and a lone hot pixel
        float[] map = new float[16 * 32];
        for (int y = 6; y < 10; y++) {
            for (int x = 4; x < 14; x++) {
                map[y * 32 + x] = 0.9f;
            }
        }
        map[2 * 32 + 28] = 0.95f;
        DecoderSpec s = new DecoderSpec(DecoderKind.DB_TEXT, "map", null, null, null, 0.6, 0.3, 0.3, 1.5);
        FrameMapping half = new FrameMapping(0.5, 0.5, 0, 0, 64, 32, 32, 16);
        List<Detection> got = new DbTextDecoder(s, "text").decode(one("map", map, 1, 1, 16, 32), half);
        assertThat(got).hasSize(1);
        // core 10x4: grow by 40 * 1.5 / 28 = 2.14 model px each side, then x2 to frame pixels
        Box b = got.get(0).box();
        double grow = 40 * 1.5 / 28;
        assertThat(b.x()).isCloseTo((4 - grow) * 2, within(1e-6));
        assertThat(b.w()).isCloseTo((10 + 2 * grow) * 2, within(1e-6));
        assertThat(b.h()).isCloseTo((4 + 2 * grow) * 2, within(1e-6));
    }

    @Test
    void blazeFaceAnchorsBoxesAtCellCentresAndBlendsOverlaps() {
        // 32px input; layer 1: 2x2 cells x 1 anchor, layer 2: 1x1 cell x 2 anchors
        DecoderSpec s = new DecoderSpec(DecoderKind.BLAZEFACE, null, List.of("s1", "b1", "s2", "b2"), null, List.of(1, 2), 0.5, 0.3, null, null);
        float[] s1 = {-5, 3, -5, -5};
        float[] b1 = new float[4 * 16];
        // cell (1, 0): anchor centre (24, 8); offset (+1, 0), size 8x8 -> box 21..29 x 4..12
        b1[16] = 1;
        b1[16 + 2] = 8;
        b1[16 + 3] = 8;
        float[] s2 = {3, -5};
        float[] b2 = new float[2 * 16];
        // one anchor at (16, 16) offset (+9, -8): the same face, box 21..29 x 4..12 as well
        b2[0] = 9;
        b2[1] = -8;
        b2[2] = 8;
        b2[3] = 8;
        ModelOutputs out = new ModelOutputs(Map.of(
                "s1", new FloatTensor(s1, new long[] {1, 4, 1}), "b1", new FloatTensor(b1, new long[] {1, 4, 16}),
                "s2", new FloatTensor(s2, new long[] {1, 2, 1}), "b2", new FloatTensor(b2, new long[] {1, 2, 16})));
        List<Detection> got = new BlazeFaceDecoder(s, 32, "face").decode(out, new FrameMapping(1, 1, 0, 0, 32, 32, 32, 32));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).box().x()).isCloseTo(21, within(1e-6));
        assertThat(got.get(0).box().y()).isCloseTo(4, within(1e-6));
        assertThat(got.get(0).score()).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-6));
    }

    @Test
    void nmsKeepsOverlappingBoxesOfDifferentClasses() {
        Detection a = new Detection(0, "person", 0.9, new Box(0, 0, 10, 10));
        Detection b = new Detection(0, "person", 0.8, new Box(1, 1, 10, 10));
        Detection c = new Detection(1, "car", 0.7, new Box(1, 1, 10, 10));
        Detection d = new Detection(0, "person", 0.6, new Box(30, 30, 10, 10));
        assertThat(Nms.perClass(List.of(d, c, b, a), 0.45)).containsExactly(a, c, d);
    }
}
