package io.gmeye.agent.camera.ingest;

import java.util.random.RandomGenerator;

/**
 * When to try a camera again: the wait doubles from a minimum to a maximum with a random share,
 * so a site's cameras do not reconnect in step after an outage (a reconnect storm), and two
 * attempts are never closer than the minimum interval (cameras that allow few sessions).
 */
final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final double jitter;
    private final long minIntervalMs;
    private final RandomGenerator random;
    private int failures;

    Backoff(long minMs, long maxMs, double jitter, long minIntervalMs, RandomGenerator random) {
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.jitter = jitter;
        this.minIntervalMs = minIntervalMs;
        this.random = random;
    }

    /** A connection delivered frames: the next failure starts from the minimum again. */
    void reset() {
        failures = 0;
    }

    /**
     * How long to wait after a failure, given when the last attempt started and the time now.
     */
    long nextDelay(long lastAttemptAt, long now) {
        double base = Math.min(maxMs, minMs * Math.pow(2, Math.min(failures, 30)));
        failures++;
        double spread = base * jitter;
        long delay = Math.round(base - spread + random.nextDouble() * 2 * spread);
        long earliest = lastAttemptAt + minIntervalMs - now;
        return Math.max(Math.max(delay, earliest), 0);
    }
}
