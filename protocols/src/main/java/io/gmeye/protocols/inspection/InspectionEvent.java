package io.gmeye.protocols.inspection;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A street-order violation seen by a scene. {@code eventId} is stable across the event's phases;
 * each phase is its own message (its own envelope id).
 *
 * @param sceneType vending, parking, debris, poster, banner or out_of_store
 */
public record InspectionEvent(
        String eventId,
        EventPhase phase,
        String scene,
        String sceneType,
        String camera,
        List<String> tags,
        long startedAt,
        long updatedAt,
        Long endedAt,
        int frameWidth,
        int frameHeight,
        List<DetectedObject> objects,
        List<SnapshotRef> snapshots) implements Body {
    public InspectionEvent {
        Require.text(eventId, "eventId");
        Require.present(phase, "phase");
        Require.text(scene, "scene");
        Require.text(sceneType, "sceneType");
        Require.text(camera, "camera");
        tags = Require.list(tags);
        tags.forEach(t -> Require.text(t, "tags[]"));
        objects = Require.list(objects);
        snapshots = Require.list(snapshots);
    }
}
