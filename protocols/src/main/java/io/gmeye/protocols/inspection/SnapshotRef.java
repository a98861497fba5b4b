package io.gmeye.protocols.inspection;

import io.gmeye.protocols.envelope.Require;

/**
 * Points from an event to a snapshot that travels as its own binary message.
 *
 * @param id   the snapshot message's id
 * @param kind "annotated" (boxes and zones drawn) or "clean"
 */
public record SnapshotRef(String id, String kind, int bytes) {
    public SnapshotRef {
        Require.text(id, "id");
        Require.text(kind, "kind");
    }
}
