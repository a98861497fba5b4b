package io.gmeye.agent.camera.call;

import java.util.HashMap;
import java.util.Map;

/**
 * Who watches one camera live, each on a lease: a viewer that neither renews nor says stop (a
 * lost live.stop, a hub that went away) drops out when its lease runs out, so nothing streams
 * forever. Not thread-safe: the live view guards it.
 */
final class LiveViewers {
    private final Map<String, Long> leases = new HashMap<>();

    /** Adds or renews a viewer until {@code now + leaseMs}. */
    void watch(String viewer, long now, long leaseMs) {
        leases.put(viewer, now + leaseMs);
    }

    void leave(String viewer) {
        leases.remove(viewer);
    }

    /** Drops viewers whose lease ran out; returns how many remain. */
    int expire(long now) {
        leases.values().removeIf(until -> until < now);
        return leases.size();
    }

    int count() {
        return leases.size();
    }
}
