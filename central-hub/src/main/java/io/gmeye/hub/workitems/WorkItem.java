package io.gmeye.hub.workitems;

import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.SnapshotRef;
import java.util.ArrayList;
import java.util.List;

/**
 * An inspection event or a checkpoint alert as the operators work it: its evidence from the
 * agent, the operators' state, assignee and notes, and the full trail of who did what when.
 *
 * @param id      {@code insp-EVENTID} or {@code alert-ALERTID}
 * @param type    the scene type (vending, parking...) or the alert kind (red_code...)
 * @param tags    the event's tags and its camera's or checkpoint's registry tags
 * @param version bumped by every change: a change that names an older version is refused (409)
 */
public record WorkItem(String id, WorkKind kind, String site, String camera, String checkpoint, String scene, String type,
                       List<String> tags, WorkState state, String assignee, int version, long createdAt, long updatedAt,
                       Inspection inspection, Alert alert, List<Note> notes, List<Trail> trail) {

    public WorkItem {
        tags = tags == null ? List.of() : List.copyOf(tags);
        notes = notes == null ? List.of() : List.copyOf(notes);
        trail = trail == null ? List.of() : List.copyOf(trail);
    }

    /** The evidence of an inspection event, as its latest phase tells it. */
    public record Inspection(String eventId, String phase, long startedAt, long updatedAt, Long endedAt, int frameWidth, int frameHeight,
                             List<DetectedObject> objects, List<SnapshotRef> snapshots, io.gmeye.protocols.clip.ClipRef clip) {
    }

    /**
     * A checkpoint alert as its gate's agent tells it; {@code fieldState} is the on-site lifecycle (discovered...disposed),
     * {@code note} the gate's cause, {@code healthCode} and {@code temperature} what the scan said (null when unknown).
     */
    public record Alert(String alertId, String fieldState, String personMasked, String passId, String note, String healthCode, Double temperature,
                        io.gmeye.protocols.clip.ClipRef clip) {
    }

    public record Note(long at, String author, String text) {
    }

    /** One step of the trail: an agent's phase or an operator's action. */
    public record Trail(long at, String actor, String action, String from, String to, String note) {
    }

    WorkItem with(WorkState newState, String newAssignee, long at, Inspection newInspection, Alert newAlert, Note note, Trail step) {
        List<Note> n = notes;
        if (note != null) {
            n = new ArrayList<>(notes);
            n.add(note);
        }
        List<Trail> t = trail;
        if (step != null) {
            t = new ArrayList<>(trail);
            t.add(step);
        }
        return new WorkItem(id, kind, site, camera, checkpoint, scene, type, tags, newState, newAssignee, version + 1, createdAt,
                Math.max(updatedAt, at), newInspection, newAlert, n, t);
    }

    /** The item without its trail: what lists show. */
    public WorkItem summary() {
        return new WorkItem(id, kind, site, camera, checkpoint, scene, type, tags, state, assignee, version, createdAt, updatedAt, inspection,
                alert, notes, List.of());
    }
}
