package io.gmeye.protocols.checkpoint;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * One scan at a gate and what came of it. Personal data stays on site: {@code personHash} is a
 * salted hash, {@code personMasked} a display form such as 4403**********1234.
 *
 * @param credentialKind id_card, face or code
 * @param healthCode     green, yellow or red
 * @param outcome        passed, timeout, or null while the turnstile has not reported
 */
public record CheckpointPass(
        String passId,
        String checkpoint,
        String sentinel,
        String turnstile,
        String credentialKind,
        String personHash,
        String personMasked,
        String healthCode,
        Double temperature,
        PassDecision decision,
        String reason,
        long whitelistVersion,
        long latencyMs,
        String outcome) implements Body {
    public CheckpointPass {
        Require.text(passId, "passId");
        Require.text(checkpoint, "checkpoint");
        Require.present(decision, "decision");
        Require.text(personHash, "personHash");
        Require.optional(sentinel, "sentinel");
        Require.optional(turnstile, "turnstile");
        Require.optional(credentialKind, "credentialKind");
        Require.optional(personMasked, "personMasked");
        Require.optional(healthCode, "healthCode");
        Require.optional(reason, "reason");
        Require.optional(outcome, "outcome");
    }
}
