package io.gmeye.agent.checkpoint;

import io.gmeye.agent.devices.ingest.DeviceEventIn;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.fields.PersonValue;

/**
 * A sentinel's scan after it crossed into the agent: the sentinel type declares {@code ref} a
 * person reference, so the raw reference was replaced by its salted hash and masked form at the
 * ingest, and the other fields were checked against their kinds there; nothing downstream can
 * leak it.
 */
record Scan(String credential, String personHash, String personMasked, String healthCode, Double temperature) {
    static Scan from(DeviceEventIn event) {
        if (!(event.data().get("ref") instanceof PersonValue person)) {
            // only a descriptor that forgot to declare it gets here: refused rather than guessed at
            throw GmeyeException.badRequest("data.ref: the sentinel type must declare ref as kind person");
        }
        Object t = event.data().get("temperature");
        return new Scan(event.text("credential"), person.personHash(), person.masked(), event.text("healthCode"),
                t instanceof Number n ? n.doubleValue() : null);
    }
}
