package io.gmeye.agent.inspection.scene;

import io.gmeye.protocols.inspection.DetectedObject;
import java.util.List;
import java.util.Set;

/** What a scene sees in one sample: the objects that make the violation and the zones they are in; empty when none. */
public record Finding(List<DetectedObject> objects, Set<String> zones) {
    public static final Finding NONE = new Finding(List.of(), Set.of());

    public Finding {
        objects = List.copyOf(objects);
        zones = Set.copyOf(zones);
    }

    public boolean present() {
        return !objects.isEmpty();
    }

    /** How good the evidence is: the better snapshot of a violation is the one with more, surer objects. */
    public double quality() {
        return objects.stream().mapToDouble(DetectedObject::score).sum();
    }
}
