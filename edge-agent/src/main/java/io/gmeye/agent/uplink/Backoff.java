package io.gmeye.agent.uplink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with full jitter, never below the minimum interval: many agents
 * that lost the hub together do not come back together (the reconnect storm).
 */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private int attempt;

    public Backoff(Duration min, Duration max) {
        this.minMs = min.toMillis();
        this.maxMs = max.toMillis();
    }

    public long nextDelayMs() {
        // the first retry is jittered too: agents refused together (a storm, a hub restart) must not come back in step
        long ceiling = Math.min(maxMs, minMs << Math.min(attempt + 1, 20));
        attempt++;
        return minMs + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - minMs + 1));
    }

    public void reset() {
        attempt = 0;
    }
}
