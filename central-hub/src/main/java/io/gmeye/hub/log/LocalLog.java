package io.gmeye.hub.log;

import io.gmeye.hub.store.Store;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded hub's log: the local store is its own log. A record is applied in one synced
 * store write when it is appended, so appending, storing and applying are one step, as fast as
 * writing the store directly.
 */
public final class LocalLog implements HubLog {
    private final Store store;
    private volatile LogApplier applier;

    public LocalLog(Store store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<Void> start(LogApplier a) {
        this.applier = a;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> append(LogRecord record) {
        return appendAndApply(record).thenApply(o -> null);
    }

    @Override
    public CompletableFuture<Object> appendAndApply(LogRecord record) {
        LogApplier a = applier;
        if (a == null) {
            return CompletableFuture.failedFuture(new GmeyeException(ErrorKind.UNAVAILABLE, "the hub is starting; try again shortly"));
        }
        return store.write(new ApplyJob(record, a, null, 0));
    }

    @Override
    public Map<Integer, Long> lag() {
        return Map.of();
    }

    @Override
    public String trouble() {
        return null;
    }

    @Override
    public void close() {
    }
}
