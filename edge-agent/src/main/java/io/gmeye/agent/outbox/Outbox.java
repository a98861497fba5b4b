package io.gmeye.agent.outbox;

import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's store-and-forward queue to the hub. Everything that must reach the hub goes
 * through here; a future completes once the record is durable (WAL synced), and only then may
 * the caller acknowledge whoever handed it the data (a device's QoS 1 PUBACK, a CoAP ACK).
 */
public interface Outbox {
    /** Queues a JSON message; completes with its sequence number once durable. */
    CompletableFuture<Long> append(Envelope<?> message);

    /** Queues a JPEG with the envelope that describes it; completes with its sequence number once durable. */
    CompletableFuture<Long> appendSnapshot(Envelope<Snapshot> header, byte[] jpeg);

    /**
     * Queues a JSON message and, in the same synced write, changes the agent's durable state, so a
     * feature's memory and what it reported upstream never disagree after a crash.
     */
    CompletableFuture<Long> append(Envelope<?> message, StateChange change);

    /** The durable state whose keys start with {@code prefix}, in key order. Blocking: read it at start, off the event loop. */
    Map<String, byte[]> state(String prefix);

    OutboxStats stats();
}
