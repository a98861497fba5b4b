package io.gmeye.hub.store;

import java.util.concurrent.CompletableFuture;

/**
 * The hub's storage, kept small so a distributed store can take RocksDB's place: atomic durable
 * write jobs, point reads and ordered scans over a few keyspaces. Reads block: call them off the
 * event loop.
 */
public interface Store extends AutoCloseable {
    <R> CompletableFuture<R> write(WriteJob<R> job);

    byte[] get(Space space, byte[] key);

    /** Visits entries whose key starts with {@code prefix} in key order (or reverse) until the visitor returns false. */
    void scan(Space space, byte[] prefix, boolean reverse, Visitor visitor);

    /** Visits entries from {@code from} (inclusive) onward, in key order, until the visitor returns false. */
    void scanFrom(Space space, byte[] from, Visitor visitor);

    /**
     * Hears, on the writer thread, of the end of each round of writes: {@code true} once every
     * job of a durable round has had {@link WriteJob#committed} and before any caller hears of its
     * write (publish what the round made, so callers read what they wrote); {@code false} when
     * the round's write failed and none of it happened. One listener: the estate model.
     */
    void afterEachRound(RoundListener l);

    @FunctionalInterface
    interface RoundListener {
        void roundEnded(boolean durable);
    }

    /** Bytes the store takes on disk, as far as it knows. */
    long diskBytes();

    /** Writes waiting for the writer. */
    int pendingWrites();

    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] key, byte[] value);
    }

    @Override
    void close();
}
