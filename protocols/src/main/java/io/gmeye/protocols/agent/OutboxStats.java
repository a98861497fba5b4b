package io.gmeye.protocols.agent;

import java.util.Map;

/**
 * The store-and-forward outbox as the hub sees it.
 *
 * @param depth           records waiting for the hub
 * @param bytes           bytes those records take
 * @param oldestAgeMs     age of the oldest undelivered record, 0 when empty
 * @param evicted         records dropped by the eviction policy since the outbox was created, per priority class
 * @param appendFailures  appends refused (disk full, closed), since start
 */
public record OutboxStats(long depth, long bytes, long oldestAgeMs, Map<String, Long> evicted, long appendFailures) {
    public OutboxStats {
        evicted = evicted == null ? Map.of() : Map.copyOf(evicted);
    }

    public long evictedTotal() {
        return evicted.values().stream().mapToLong(Long::longValue).sum();
    }
}
