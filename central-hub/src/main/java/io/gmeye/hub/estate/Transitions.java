package io.gmeye.hub.estate;

import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one repository of histories (the store's TRANSITIONS space): writes go into the caller's
 * atomic write, reads are newest-first pages of one key or every entry of a kind in order. Routes
 * ask here; none scans the store. Reads block: call them off the event loop.
 */
public final class Transitions {
    private final Store store;

    public Transitions(Store store) {
        this.store = store;
    }

    /** Stores {@code value} as the entry of {@code key} at {@code at}; {@code suffix} tells entries of one instant apart. */
    public void put(WriteTx tx, TransitionKey key, long at, String suffix, Object value) {
        tx.put(Space.TRANSITIONS, key.at(at, suffix), StoredJson.write(value));
    }

    public void delete(WriteTx tx, TransitionKey key, long at, String suffix) {
        tx.delete(Space.TRANSITIONS, key.at(at, suffix));
    }

    /** One entry, or null. */
    public <T> T get(TransitionKey key, long at, String suffix, Class<T> type) {
        byte[] v = store.get(Space.TRANSITIONS, key.at(at, suffix));
        return v == null ? null : StoredJson.read(v, type);
    }

    /** The newest {@code limit} entries of a key, newest first. */
    public <T> List<T> recent(TransitionKey key, Class<T> type, int limit) {
        List<T> out = new ArrayList<>(Math.min(limit, 64));
        if (limit <= 0) {
            return out;
        }
        store.scan(Space.TRANSITIONS, key.prefix(), true, (k, v) -> {
            out.add(StoredJson.read(v, type));
            return out.size() < limit;
        });
        return out;
    }

    /** Every entry of a kind, by key and then time; at start, to rebuild what memory keeps. */
    public <T> void each(TransitionKey.Kind kind, Class<T> type, Consumer<T> each) {
        store.scan(Space.TRANSITIONS, kind.prefix(), false, (k, v) -> {
            each.accept(StoredJson.read(v, type));
            return true;
        });
    }
}
