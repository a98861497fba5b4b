package io.gmeye.protocols.fields;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** What becomes of a field a message carries that its type does not declare; either way it never goes further. */
public enum Undeclared {
    /** the message is refused, with the field named in the reason the device gets */
    REFUSE,
    /** the field is left out, the rest of the message taken; counted */
    DROP;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Undeclared of(String text) {
        return WireEnum.parse(Undeclared.class, text);
    }
}
