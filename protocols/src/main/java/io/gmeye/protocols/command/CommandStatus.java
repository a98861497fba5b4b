package io.gmeye.protocols.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** States of a persistent command, as ThingsBoard and Hono users know them. */
public enum CommandStatus {
    QUEUED, SENT, DELIVERED, SUCCEEDED, FAILED, TIMED_OUT, EXPIRED;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static CommandStatus of(String text) {
        return WireEnum.parse(CommandStatus.class, text);
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == EXPIRED;
    }
}
