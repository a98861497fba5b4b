package io.gmeye.protocols.inspection;

import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A street-order violation seen by a scene. {@code eventId} is stable across the event's phases;
 * each phase is its own message (its own envelope id).
 *
 * @param sceneType vending, parking, debris, poster, banner or out_of_store
 * @param clip      the event's video clip at the agent (the same in every phase); null when the camera makes none
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
        List<SnapshotRef> snapshots,
        ClipRef clip) implements Body {
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

    /** An event without a clip. */
    public InspectionEvent(String eventId, EventPhase phase, String scene, String sceneType, String camera, List<String> tags, long startedAt,
                           long updatedAt, Long endedAt, int frameWidth, int frameHeight, List<DetectedObject> objects,
                           List<SnapshotRef> snapshots) {
        this(eventId, phase, scene, sceneType, camera, tags, startedAt, updatedAt, endedAt, frameWidth, frameHeight, objects, snapshots, null);
    }
}
