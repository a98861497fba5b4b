package io.gmeye.models.detect;

import io.gmeye.models.manifest.DecoderSpec;
import io.gmeye.models.manifest.ModelManifest;
import io.gmeye.models.preprocess.FrameMapping;
import java.util.List;

/** Reads a model's outputs into detections in frame pixels, NMS applied. */
public interface Decoder {
    List<Detection> decode(ModelOutputs outputs, FrameMapping mapping);

    /** The output tensors this decoder reads. */
    List<String> outputNames();

    static Decoder of(ModelManifest m) {
        DecoderSpec d = m.decoder();
        return switch (d.kind()) {
            case YOLOX -> new YoloxDecoder(d, m.labels());
            case YOLOV5 -> new YoloV5Decoder(d, m.labels());
            case YOLOV8 -> new YoloV8Decoder(d, m.labels());
            case DB_TEXT -> new DbTextDecoder(d, m.label(0));
            case BLAZEFACE -> new BlazeFaceDecoder(d, m.input().width(), m.label(0));
        };
    }
}
