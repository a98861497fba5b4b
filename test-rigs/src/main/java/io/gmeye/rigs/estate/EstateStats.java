package io.gmeye.rigs.estate;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated district sent and how the hub answered: records by type, publishes, bytes,
 * refusals, and the time from publish to PUBACK (the hub acknowledges after its durable write,
 * so this is the ingest lag from source to stored) in a 1 ms histogram. Resettable, so a
 * benchmark measures its window only.
 */
public final class EstateStats {
    private static final int MAX_MS = 60_000;
    private final Map<String, LongAdder> records = new ConcurrentHashMap<>();
    private final LongAdder publishes = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final AtomicLong maxLagMs = new AtomicLong();
    private volatile AtomicIntegerArray lagMs = new AtomicIntegerArray(MAX_MS + 1);

    void record(String type, int n) {
        records.computeIfAbsent(type, k -> new LongAdder()).add(n);
    }

    void published(int size) {
        publishes.increment();
        bytes.add(size);
    }

    void acked(long nanos, int reasonCode) {
        long ms = nanos / 1_000_000;
        lagMs.incrementAndGet((int) Math.min(MAX_MS, ms));
        maxLagMs.accumulateAndGet(ms, Math::max);
        if (reasonCode >= 0x80) {
            refused.increment();
        }
    }

    void failure() {
        failed.increment();
    }

    /** A tick found its site not connected: its records were not sent (a real agent would have kept them in its outbox). */
    void skipped(int n) {
        skipped.add(n);
    }

    public void reset() {
        records.clear();
        publishes.reset();
        bytes.reset();
        refused.reset();
        failed.reset();
        skipped.reset();
        maxLagMs.set(0);
        lagMs = new AtomicIntegerArray(MAX_MS + 1);
    }

    public long totalRecords() {
        return records.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> recordsByType() {
        Map<String, Long> out = new TreeMap<>();
        records.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long publishes() {
        return publishes.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long skipped() {
        return skipped.sum();
    }

    public long maxLagMs() {
        return maxLagMs.get();
    }

    /** The lag below which this fraction of acknowledged publishes fell, in ms. */
    public long lagPercentileMs(double p) {
        AtomicIntegerArray h = lagMs;
        long total = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            total += h.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            seen += h.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_MS;
    }

    @Override
    public String toString() {
        return String.format("%d records in %d publishes (%.1f MB), lag p50 %d ms p99 %d ms max %d ms, %d refused, %d failed, %d skipped",
                totalRecords(), publishes(), bytes() / 1e6, lagPercentileMs(0.5), lagPercentileMs(0.99), maxLagMs(), refused(), failed(), skipped());
    }
}
