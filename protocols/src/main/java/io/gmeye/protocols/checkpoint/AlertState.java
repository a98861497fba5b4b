package io.gmeye.protocols.checkpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** Lifecycle of a checkpoint alert: discovered at the gate, warned on site, verified, disposed. */
public enum AlertState {
    DISCOVERED, WARNED, VERIFIED, DISPOSED;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static AlertState of(String text) {
        return WireEnum.parse(AlertState.class, text);
    }
}
