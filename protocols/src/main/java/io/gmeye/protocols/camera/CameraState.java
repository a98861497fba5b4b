package io.gmeye.protocols.camera;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** How a camera stands, judged at the agent from its stream. */
public enum CameraState {
    ONLINE, DEGRADED, OFFLINE, UNAUTHORIZED, NOT_FOUND;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static CameraState of(String text) {
        return WireEnum.parse(CameraState.class, text);
    }

    /** Counted as online for the online rate: a degraded stream still shows a picture. */
    public boolean countsOnline() {
        return this == ONLINE || this == DEGRADED;
    }
}
