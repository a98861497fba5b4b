package io.gmeye.hub.workitems;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;

/** What raised a work item: an AI inspection event or a checkpoint alert. */
public enum WorkKind {
    INSPECTION, CHECKPOINT_ALERT;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static WorkKind of(String text) {
        return WireEnum.parse(WorkKind.class, text);
    }
}
