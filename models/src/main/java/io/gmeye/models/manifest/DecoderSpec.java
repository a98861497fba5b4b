package io.gmeye.models.manifest;

import io.gmeye.platform.config.Validated;
import java.util.List;

/**
 * How a model's outputs become detections.
 *
 * @param output   the output tensor read by single-output decoders (YOLOX, YOLOv5/v8, DB text)
 * @param outputs  BlazeFace: scores and boxes of each anchor layer, in that order
 * @param strides  YOLOX grid strides
 * @param anchors  BlazeFace anchors per cell of each layer
 */
public record DecoderSpec(
        DecoderKind kind,
        String output,
        List<String> outputs,
        List<Integer> strides,
        List<Integer> anchors,
        Double scoreThreshold,
        Double nmsIou,
        Double binaryThreshold,
        Double unclipRatio) implements Validated {

    public enum DecoderKind { YOLOX, YOLOV5, YOLOV8, DB_TEXT, BLAZEFACE }

    public DecoderSpec {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        strides = strides == null ? List.of(8, 16, 32) : List.copyOf(strides);
        anchors = anchors == null ? List.of(2, 6) : List.copyOf(anchors);
        scoreThreshold = scoreThreshold == null ? 0.25 : scoreThreshold;
        nmsIou = nmsIou == null ? 0.45 : nmsIou;
        binaryThreshold = binaryThreshold == null ? 0.3 : binaryThreshold;
        unclipRatio = unclipRatio == null ? 1.5 : unclipRatio;
    }

    @Override
    public void validate() {
        if (kind == null) {
            throw new IllegalArgumentException("kind: one of " + List.of(DecoderKind.values()) + " is required");
        }
        if (kind == DecoderKind.BLAZEFACE) {
            if (outputs.size() != 2 * anchors.size()) {
                throw new IllegalArgumentException("outputs: BLAZEFACE needs a scores and a boxes output per anchor layer");
            }
        } else if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("output: the output tensor's name is required for " + kind);
        }
        if (scoreThreshold <= 0 || scoreThreshold >= 1 || nmsIou <= 0 || nmsIou > 1) {
            throw new IllegalArgumentException("scoreThreshold/nmsIou: must be in (0, 1)");
        }
    }
}
