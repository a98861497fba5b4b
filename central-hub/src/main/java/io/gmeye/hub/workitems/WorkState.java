package io.gmeye.hub.workitems;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.envelope.WireEnum;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a work item stands with the operators: new, acknowledged (someone has it), dispatched
 * (sent to the street team), resolved; or a false positive. Closed items can be reopened.
 */
public enum WorkState {
    NEW, ACKNOWLEDGED, DISPATCHED, RESOLVED, FALSE_POSITIVE;

    @JsonValue
    public String wire() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static WorkState of(String text) {
        return WireEnum.parse(WorkState.class, text);
    }

    public boolean open() {
        return this != RESOLVED && this != FALSE_POSITIVE;
    }

    public Set<WorkState> next() {
        return switch (this) {
            case NEW -> EnumSet.of(ACKNOWLEDGED, DISPATCHED, RESOLVED, FALSE_POSITIVE);
            case ACKNOWLEDGED -> EnumSet.of(DISPATCHED, RESOLVED, FALSE_POSITIVE);
            case DISPATCHED -> EnumSet.of(ACKNOWLEDGED, RESOLVED, FALSE_POSITIVE);
            case RESOLVED, FALSE_POSITIVE -> EnumSet.of(ACKNOWLEDGED);
        };
    }
}
