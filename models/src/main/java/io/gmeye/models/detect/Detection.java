package io.gmeye.models.detect;

import io.gmeye.protocols.inspection.Box;

/** One thing a model found in a frame, its box in frame pixels. */
public record Detection(int classId, String label, double score, Box box) {
    public double area() {
        return box.w() * box.h();
    }

    public double iou(Detection other) {
        return Boxes.iou(box, other.box);
    }
}
