package io.gmeye.models.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import io.gmeye.models.manifest.DecoderSpec.DecoderKind;
import io.gmeye.models.manifest.InputSpec;
import io.gmeye.models.manifest.InputSpec.Layout;
import io.gmeye.models.manifest.InputSpec.ResizeMode;
import io.gmeye.models.manifest.ModelManifest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks a session's tensors against its manifest, so a wrong file is refused at load with what differs. */
final class ModelShapes {
    private ModelShapes() {
    }

    static void check(ModelManifest m, Map<String, TensorInfo> inputs, Map<String, TensorInfo> outputs) {
        InputSpec in = m.input();
        TensorInfo ti = inputs.get(in.name());
        if (ti == null) {
            throw wrong(m, "has inputs " + inputs.keySet() + ", the manifest wants '" + in.name() + "'");
        }
        long[] want = in.layout() == Layout.NCHW
                ? new long[] {1, 3, in.height(), in.width()}
                : new long[] {1, in.height(), in.width(), 3};
        long[] have = ti.getShape();
        boolean dynamic = in.resize() == ResizeMode.STRETCH32;
        if (ti.type != OnnxJavaType.FLOAT || have.length != 4 || !fits(have, want, dynamic)) {
            throw wrong(m, "input '" + in.name() + "' is " + ti.type + " " + Arrays.toString(have) + ", the manifest wants FLOAT "
                    + (dynamic ? shapeWithDynamic(want, in.layout()) : Arrays.toString(want)));
        }
        List<String> names = m.decoder().kind() == DecoderKind.BLAZEFACE ? m.decoder().outputs() : List.of(m.decoder().output());
        for (String name : names) {
            TensorInfo o = outputs.get(name);
            if (o == null) {
                throw wrong(m, "has outputs " + outputs.keySet() + ", the decoder reads '" + name + "'");
            }
        }
        TensorInfo out = outputs.get(names.get(0));
        long[] s = out.getShape();
        int labels = m.labels().size();
        switch (m.decoder().kind()) {
            case YOLOX, YOLOV5 -> {
                if (s.length != 3 || s[2] != 5 + labels) {
                    throw wrong(m, "output " + Arrays.toString(s) + " is not [1, boxes, 5 + " + labels + " labels]");
                }
                if (m.decoder().kind() == DecoderKind.YOLOX && s[1] > 0) {
                    long cells = m.decoder().strides().stream().mapToLong(st -> (long) (in.width() / st) * (in.height() / st)).sum();
                    if (cells != s[1]) {
                        throw wrong(m, "output has " + s[1] + " cells, strides " + m.decoder().strides() + " make " + cells);
                    }
                }
            }
            case YOLOV8 -> {
                if (s.length != 3 || (s[1] != 4 + labels && s[2] != 4 + labels)) {
                    throw wrong(m, "output " + Arrays.toString(s) + " does not hold 4 + " + labels + " features per box");
                }
            }
            case DB_TEXT -> {
                if (s.length != 4 || s[1] != 1) {
                    throw wrong(m, "output " + Arrays.toString(s) + " is not a probability map [1, 1, H, W]");
                }
            }
            case BLAZEFACE -> {
                for (String name : names) {
                    if (outputs.get(name).getShape().length != 3) {
                        throw wrong(m, "output '" + name + "' " + Arrays.toString(outputs.get(name).getShape()) + " is not [1, anchors, k]");
                    }
                }
            }
        }
    }

    private static boolean fits(long[] have, long[] want, boolean dynamic) {
        for (int i = 0; i < want.length; i++) {
            // a dynamic batch is fine; dynamic sides only for inputs sized per frame
            if (have[i] != want[i] && !(have[i] < 0 && (dynamic || i == 0))) {
                return false;
            }
        }
        return true;
    }

    private static String shapeWithDynamic(long[] want, Layout layout) {
        return layout == Layout.NCHW ? "[1, 3, H, W]" : "[1, H, W, 3]";
    }

    private static ModelUnavailableException wrong(ModelManifest m, String what) {
        return new ModelUnavailableException(m.name(), "the file " + m.file() + " is not the model its manifest describes: it " + what);
    }
}
