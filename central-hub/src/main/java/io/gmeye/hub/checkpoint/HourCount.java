package io.gmeye.hub.checkpoint;

import java.util.HashMap;
import java.util.Map;

/**
 * Passes of one checkpoint in one hour (source time: passes decided while the uplink was down
 * count in the hour they happened).
 *
 * @param byGate      passes per gate (the turnstile, else the sentinel)
 * @param denyReasons denials per reason
 */
public record HourCount(String checkpoint, long hour, long allowed, long denied, long timeouts, Map<String, Long> byGate,
                        Map<String, Long> denyReasons) {
    public HourCount {
        byGate = byGate == null ? Map.of() : Map.copyOf(byGate);
        denyReasons = denyReasons == null ? Map.of() : Map.copyOf(denyReasons);
    }

    static HourCount empty(String checkpoint, long hour) {
        return new HourCount(checkpoint, hour, 0, 0, 0, Map.of(), Map.of());
    }

    HourCount plus(boolean allow, boolean timeout, String gate, String reason) {
        Map<String, Long> g = new HashMap<>(byGate);
        g.merge(gate, 1L, Long::sum);
        Map<String, Long> r = denyReasons;
        if (!allow) {
            r = new HashMap<>(denyReasons);
            r.merge(reason == null ? "unspecified" : reason, 1L, Long::sum);
        }
        return new HourCount(checkpoint, hour, allowed + (allow ? 1 : 0), denied + (allow ? 0 : 1), timeouts + (timeout ? 1 : 0), g, r);
    }

    /** A pass counted already whose turnstile reported a timeout. */
    HourCount plusTimeout() {
        return new HourCount(checkpoint, hour, allowed, denied, timeouts + 1, byGate, denyReasons);
    }
}
