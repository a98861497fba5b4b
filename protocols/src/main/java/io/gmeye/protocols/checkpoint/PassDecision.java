package io.gmeye.protocols.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** What the agent decided at the gate. */
public enum PassDecision {
    ALLOW, DENY;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static PassDecision of(String text) {
        return WireEnum.parse(PassDecision.class, text);
    }
}
