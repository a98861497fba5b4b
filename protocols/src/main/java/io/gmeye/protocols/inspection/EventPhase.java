package io.gmeye.protocols.inspection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** One violation is one event: it is new once, updated with better evidence, then ends. */
public enum EventPhase {
    NEW, UPDATE, END;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static EventPhase of(String text) {
        return WireEnum.parse(EventPhase.class, text);
    }
}
