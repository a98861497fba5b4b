package io.gmeye.protocols.clip;

import io.gmeye.protocols.envelope.Require;

/**
 * Points from an event to its video clip, which stays at the agent until the hub asks for it.
 * The clip is an MP4 of the camera's video from about {@code from} to {@code to} (agent clock,
 * epoch ms), starting on a keyframe; it is ready at the agent a few seconds after {@code to}.
 *
 * @param id     the clip's id at the agent (the event's id)
 * @param camera the camera it shows
 */
public record ClipRef(String id, String camera, long from, long to) {
    public ClipRef {
        Require.text(id, "id");
        Require.text(camera, "camera");
        if (to < from) {
            throw new IllegalArgumentException("to: before from");
        }
    }
}
