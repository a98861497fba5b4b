package io.gmeye.hub.store;

/** Work done atomically against the store. Jobs run one at a time, so read-decide-write is safe. */
public interface WriteJob<R> {
    R apply(WriteTx tx) throws Exception;

    /** After the write is durable, before the caller hears of it: update in-memory views here. */
    default void committed(R result) {
    }
}
