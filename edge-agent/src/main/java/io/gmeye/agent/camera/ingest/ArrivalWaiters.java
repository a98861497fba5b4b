package io.gmeye.agent.camera.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who waits for something of a camera's stream (a packet, a picture) that arrives at or after a
 * given time: a snapshot called now wants a picture taken after the call. Not thread-safe: the
 * owner guards it with its own lock, and completes what {@link #due} returns outside that lock.
 */
final class ArrivalWaiters {
    private record Waiter(long since, CompletableFuture<Void> done) {
    }

    private final List<Waiter> waiting = new ArrayList<>();

    CompletableFuture<Void> add(long since) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiting.add(new Waiter(since, f));
        return f;
    }

    /** Removes and returns the waiters satisfied by an arrival at {@code at}; drops those that gave up. */
    List<CompletableFuture<Void>> due(long at) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.done().isDone()) {
                it.remove();
            } else if (at >= w.since()) {
                ready.add(w.done());
                it.remove();
            }
        }
        return ready;
    }

    void cancelAll() {
        waiting.forEach(w -> w.done().cancel(false));
        waiting.clear();
    }
}
