package io.gmeye.protocols.checkpoint;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * A red or yellow code (or a fever, or a listed person) met at a gate.
 *
 * @param kind red_code, yellow_code, fever or listed
 */
public record CheckpointAlert(
        String alertId,
        String checkpoint,
        AlertState state,
        String kind,
        String personHash,
        String personMasked,
        String passId,
        String note) implements Body {
    public CheckpointAlert {
        Require.text(alertId, "alertId");
        Require.text(checkpoint, "checkpoint");
        Require.present(state, "state");
        Require.text(kind, "kind");
        Require.optional(personMasked, "personMasked");
        Require.optional(passId, "passId");
    }
}
