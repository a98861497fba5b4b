package io.gmeye.agent.uplink;

/** Limits a drain to a rate (tokens per second) with a one-second burst; 0 means no limit. */
final class TokenBucket {
    private final long ratePerSecond;
    private double tokens;
    private long lastNanos = System.nanoTime();

    TokenBucket(long ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
        this.tokens = ratePerSecond;
    }

    /** Blocks until {@code n} tokens are available. */
    void acquire(int n) throws InterruptedException {
        if (ratePerSecond <= 0) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(ratePerSecond, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
            lastNanos = now;
            if (tokens >= n || tokens >= ratePerSecond) {
                tokens -= n;
                return;
            }
            long waitMs = (long) Math.ceil((n - tokens) * 1000.0 / ratePerSecond);
            Thread.sleep(Math.max(1, Math.min(waitMs, 100)));
        }
    }
}
