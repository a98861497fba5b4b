package io.gmeye.protocols.inspection;

import io.gmeye.protocols.envelope.Require;

/** An object that is part of a violation: what it is, how sure, where, and its track across frames. */
public record DetectedObject(String label, double score, Box box, long trackId, long dwellMs) {
    public DetectedObject {
        Require.text(label, "label");
        Require.present(box, "box");
        Require.finite(score, "score");
    }
}
