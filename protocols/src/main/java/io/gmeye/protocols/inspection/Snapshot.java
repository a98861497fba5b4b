package io.gmeye.protocols.inspection;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * Describes a JPEG that travels as a binary payload (the envelope rides in an MQTT v5 user
 * property). {@code ref} is the event id or the command id the picture answers.
 *
 * @param kind annotated, clean, or call (a snapshot on call)
 */
public record Snapshot(String ref, String kind, String camera, int width, int height) implements Body {
    public static final String CONTENT_TYPE = "image/jpeg";

    public Snapshot {
        Require.text(ref, "ref");
        Require.text(kind, "kind");
        Require.text(camera, "camera");
    }
}
