package io.gmeye.protocols.fields;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/**
 * What a declared field may hold. Each kind says what leaves the site: numbers only within their
 * limits, enums only their words, text only with the shapes of personal data masked, a person
 * reference only as its salted hash and masked form.
 */
public enum FieldKind {
    /** a measurement within declared limits (min, max), kept as a double */
    NUMBER,
    /** a whole number within declared limits, kept as a long */
    INTEGER,
    BOOLEAN,
    /** one of the declared words (values) */
    ENUM,
    /** free text up to maxLength; ID and mobile numbers in it are masked */
    TEXT,
    /** an ID number, card or code naming a person: replaced by {personHash, masked} */
    PERSON,
    /** epoch milliseconds (or ISO-8601 text) between 2000 and 2100, kept as epoch milliseconds */
    TIMESTAMP;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static FieldKind of(String text) {
        return WireEnum.parse(FieldKind.class, text);
    }
}
