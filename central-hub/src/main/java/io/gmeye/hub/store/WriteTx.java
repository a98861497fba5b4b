package io.gmeye.hub.store;

/** The writes of one atomic, durable store write; reads see the store plus this write's own puts. */
public interface WriteTx {
    byte[] get(Space space, byte[] key);

    void put(Space space, byte[] key, byte[] value);

    void delete(Space space, byte[] key);

    /** Marks a point the writes after it can be undone to ({@link #rollbackToSavepoint}) or kept ({@link #releaseSavepoint}); they nest. */
    void savepoint();

    void rollbackToSavepoint();

    void releaseSavepoint();
}
