package io.gmeye.models.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.InputSpec;
import io.gmeye.models.manifest.InputSpec.Align;
import io.gmeye.models.manifest.InputSpec.ColourOrder;
import io.gmeye.models.manifest.InputSpec.Layout;
import io.gmeye.models.manifest.InputSpec.ResizeMode;
import io.gmeye.protocols.inspection.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorPreparerTest {
    static InputSpec spec(int w, int h, Layout layout, ColourOrder colour, ResizeMode resize, Align align, int fill) {
        return new InputSpec("in", w, h, layout, colour, resize, align, fill, 1.0, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));
    }

    /** A frame of one BGR colour. */
    static BgrImage solid(int w, int h, int b, int g, int r) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            px[i * 3] = (byte) b;
            px[i * 3 + 1] = (byte) g;
            px[i * 3 + 2] = (byte) r;
        }
        return new BgrImage(w, h, px);
    }

    @Test
    void letterboxesAWideFrameTopLeftAndPadsTheRestWithTheFillValue() {
        TensorPreparer p = new TensorPreparer(spec(416, 416, Layout.NCHW, ColourOrder.BGR, ResizeMode.LETTERBOX, Align.TOP_LEFT, 114));
        float[] out = new float[3 * 416 * 416];
        FrameMapping m = p.prepare(solid(640, 480, 10, 20, 30), out);
        assertThat(m.scaleX()).isEqualTo(0.65);
        assertThat(m.padX()).isZero();
        assertThat(m.padY()).isZero();
        int plane = 416 * 416;
        // picture rows 0..311, padding from row 312
        assertThat(out[0]).isEqualTo(10f);
        assertThat(out[plane + 311 * 416 + 415]).isEqualTo(20f);
        assertThat(out[2 * plane + 100 * 416 + 7]).isEqualTo(30f);
        assertThat(out[312 * 416]).isEqualTo(114f);
        assertThat(out[2 * plane + 415 * 416 + 415]).isEqualTo(114f);
    }

    @Test
    void centresATallFrameAndWritesRgbInterleavedNormalised() {
        InputSpec s = new InputSpec("in", 128, 128, Layout.NHWC, ColourOrder.RGB, ResizeMode.LETTERBOX, Align.CENTER, 0,
                1 / 127.5, List.of(1.0, 1.0, 1.0), List.of(1.0, 1.0, 1.0));
        TensorPreparer p = new TensorPreparer(s);
        float[] out = new float[3 * 128 * 128];
        FrameMapping m = p.prepare(solid(100, 200, 255, 0, 51), out);
        assertThat(m.padX()).isEqualTo(32);
        assertThat(m.padY()).isZero();
        int centre = (64 * 128 + 64) * 3;
        assertThat(out[centre]).isCloseTo(51 / 127.5f - 1, within(1e-5f)); // R first
        assertThat(out[centre + 2]).isCloseTo(1f, within(1e-5f));          // B last
        assertThat(out[(64 * 128 + 10) * 3]).isEqualTo(-1f);               // left padding: fill 0 -> -1
    }

    @Test
    void interpolatesBetweenNeighboursWhenScalingUp() {
        // a 2x1 frame, black then white, stretched to 4x4: columns ramp from dark to light
        byte[] px = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255};
        TensorPreparer p = new TensorPreparer(spec(32, 32, Layout.NCHW, ColourOrder.BGR, ResizeMode.STRETCH, Align.TOP_LEFT, 0));
        float[] out = new float[3 * 32 * 32];
        p.prepare(new BgrImage(2, 1, px), out);
        assertThat(out[0]).isZero();
        assertThat(out[31]).isEqualTo(255f);
        for (int x = 1; x < 32; x++) {
            assertThat(out[x]).isGreaterThanOrEqualTo(out[x - 1]);
        }
        assertThat(out[16]).isBetween(100f, 160f);
    }

    @Test
    void dynamicInputsKeepTheFrameShapeInMultiplesOf32UnderTheLimit() {
        TensorPreparer p = new TensorPreparer(spec(640, 640, Layout.NCHW, ColourOrder.BGR, ResizeMode.STRETCH32, Align.TOP_LEFT, 0));
        FrameMapping m = p.mapping(1920, 1080);
        assertThat(m.inputWidth()).isEqualTo(640);
        assertThat(m.inputHeight()).isEqualTo(352);
        FrameMapping small = p.mapping(300, 100);
        assertThat(small.inputWidth()).isEqualTo(288);
        assertThat(small.inputHeight()).isEqualTo(96);
    }

    @Test
    void mapsModelBoxesBackToFramePixelsAndClipsThemToTheFrame() {
        FrameMapping m = new FrameMapping(0.5, 0.5, 32, 0, 200, 100, 164, 164);
        assertThat(m.toFrame(42, 10, 82, 30)).isEqualTo(new Box(20, 20, 80, 40));
        Box clipped = m.toFrame(0, -20, 500, 60);
        assertThat(clipped).isEqualTo(new Box(0, 0, 200, 100));
        assertThat(clipped.inside(200, 100)).isTrue();
    }
}
