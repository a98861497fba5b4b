package io.gmeye.hub.workitems;

import java.util.Set;
import java.util.function.Predicate;

/**
 * A question to the work item list. Null fields do not filter. {@code states} empty means every
 * state. {@code tag} matches items tagged with it or below it. Times are hub times of creation.
 */
public record WorkQuery(Predicate<String> visibleSites, String site, WorkKind kind, Set<WorkState> states, String scene, String type,
                        String tag, String camera, String checkpoint, String assignee, long from, long to, int offset, int limit) {
    public WorkQuery {
        states = states == null ? Set.of() : Set.copyOf(states);
    }
}
