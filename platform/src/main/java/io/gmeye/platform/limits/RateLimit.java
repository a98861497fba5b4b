package io.gmeye.platform.limits;

import java.time.Clock;

/**
 * A token bucket on a {@link Clock}: {@code perSecond} tokens a second, at most {@code burst}
 * saved up. The project's one rate limiter (agents' connections and publishes at the hub,
 * operators' commands). Not thread-safe: each instance belongs to one event loop (or is
 * synchronized by its owner).
 */
public final class RateLimit {
    private final Clock clock;
    private final double perMs;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimit(Clock clock, double perSecond, double burst) {
        this.clock = clock;
        this.perMs = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.millis();
    }

    /** Takes a token if one is there. */
    public boolean tryTake() {
        long now = clock.millis();
        // a clock that went back must not mint or burn tokens: only forward time refills
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * perMs);
        }
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
