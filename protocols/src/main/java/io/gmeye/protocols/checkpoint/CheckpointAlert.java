package io.gmeye.protocols.checkpoint;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * A red or yellow code (or a fever, or a listed person) met at a gate.
 *
 * @param kind        red_code, yellow_code, fever or listed
 * @param note        the cause as the gate put it ("red health code", "temperature 38.2 °C", "on the red list")
 * @param healthCode  green, yellow or red, as scanned; null when unknown
 * @param temperature °C as measured at the gate; null when not measured
 * @param clip        the video clip of the gate's camera at the alert, kept at the agent; null when the checkpoint has no camera
 */
public record CheckpointAlert(
        String alertId,
        String checkpoint,
        AlertState state,
        String kind,
        String personHash,
        String personMasked,
        String passId,
        String note,
        String healthCode,
        Double temperature,
        io.gmeye.protocols.clip.ClipRef clip) implements Body {
    public CheckpointAlert {
        Require.text(alertId, "alertId");
        Require.text(checkpoint, "checkpoint");
        Require.present(state, "state");
        Require.text(kind, "kind");
        Require.optional(personMasked, "personMasked");
        Require.optional(passId, "passId");
        Require.optional(healthCode, "healthCode");
        if (temperature != null) {
            Require.finite(temperature, "temperature");
        }
    }

    /** An alert without a clip. */
    public CheckpointAlert(String alertId, String checkpoint, AlertState state, String kind, String personHash, String personMasked, String passId,
                           String note, String healthCode, Double temperature) {
        this(alertId, checkpoint, state, kind, personHash, personMasked, passId, note, healthCode, temperature, null);
    }

    /** An alert that says nothing of the scan's health code and temperature. */
    public CheckpointAlert(String alertId, String checkpoint, AlertState state, String kind, String personHash, String personMasked, String passId,
                           String note) {
        this(alertId, checkpoint, state, kind, personHash, personMasked, passId, note, null, null);
    }
}
