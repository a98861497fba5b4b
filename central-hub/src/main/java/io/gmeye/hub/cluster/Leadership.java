package io.gmeye.hub.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * Which node makes the time-driven decisions (site silences, ended sessions, timeouts), and
 * which nodes are alive to hold agents' connections. One node leads at a time; its decisions go
 * into the log, so no node changes state from its own timers alone.
 */
public interface Leadership extends AutoCloseable {
    /** This node's incarnation: a node id and its start, so a restarted node is a new holder. */
    String self();

    /** Whether this node makes the decisions now. */
    boolean leading();

    /** Whether the node incarnation {@code holder} is a live member (false: its connections ended with it). */
    boolean alive(String holder);

    /**
     * Starts taking part (once the log is started); completes once this node is a member, so the
     * connections it takes after that are not judged to be a dead node's. A sole node is at once.
     */
    default CompletableFuture<Void> start() {
        return CompletableFuture.completedFuture(null);
    }

    /** Stops taking part, so another node leads without waiting for this one to time out. */
    @Override
    default void close() {
    }
}
