package io.gmeye.agent.inspection.scene;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** The six street-order violations (六乱一超) and what each needs to see them. */
public enum SceneType {
    /** People stationary in a pavement zone with goods, umbrellas or carts. */
    VENDING(Needs.OBJECTS),
    /** Cars, motorcycles, bicycles stationary in a no-parking zone beyond the dwell time. */
    PARKING(Needs.OBJECTS),
    /** A persistent new static region in a zone (background model, no network). */
    DEBRIS(Needs.NOTHING),
    /** Text regions appearing on a wall zone. */
    POSTER(Needs.TEXT),
    /** Text regions above a line. */
    BANNER(Needs.TEXT),
    /** Chairs, tables, goods beyond a storefront line. */
    OUT_OF_STORE(Needs.OBJECTS);

    /** Which model a scene of this type needs: the object detector, the text detector, or none. */
    public enum Needs { OBJECTS, TEXT, NOTHING }

    private final Needs needs;

    SceneType(Needs needs) {
        this.needs = needs;
    }

    public Needs needs() {
        return needs;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SceneType of(String text) {
        for (SceneType t : values()) {
            if (t.wire().equals(text) || t.name().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a scene type (one of " + List.of(values()).stream().map(SceneType::wire).toList() + ")");
    }
}
