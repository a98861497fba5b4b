package io.gmeye.hub.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** What an operator may do: viewers look, operators also work items, admins also manage users and the registry. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Role of(String text) {
        return WireEnum.parse(Role.class, text);
    }

    public boolean atLeast(Role other) {
        return ordinal() >= other.ordinal();
    }
}
