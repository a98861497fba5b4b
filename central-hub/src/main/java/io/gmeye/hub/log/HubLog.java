package io.gmeye.hub.log;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where everything that changes hub state goes first. Embedded, the local store is its own log
 * ({@link LocalLog}); in a cluster, Kafka is ({@link KafkaLog}) and every node applies every record.
 */
public interface HubLog extends AutoCloseable {
    /**
     * Starts applying the log to this node's store with {@code applier}. Completes once the node
     * has applied everything the log held when it started (restore before serving), or fails
     * with the reason the node cannot catch up.
     */
    CompletableFuture<Void> start(LogApplier applier);

    /** Completes once the record is durable in the log (an agent may be acknowledged then). */
    CompletableFuture<Void> append(LogRecord record);

    /** Completes with the record's outcome once this node has applied it (an operator reads what they wrote). */
    CompletableFuture<Object> appendAndApply(LogRecord record);

    /** Records in the log this node has not applied yet, per partition; empty when embedded. */
    Map<Integer, Long> lag();

    /** Why this node cannot apply right now (store full, log unreachable), or null when it can. */
    String trouble();

    @Override
    void close();
}
