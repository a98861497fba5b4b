package io.gmeye.protocols.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** Connectivity of a device, judged on the agent's clock from its type's heartbeat interval. */
public enum DeviceState {
    ONLINE, OFFLINE;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static DeviceState of(String text) {
        return WireEnum.parse(DeviceState.class, text);
    }
}
