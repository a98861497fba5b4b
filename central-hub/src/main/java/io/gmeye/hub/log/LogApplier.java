package io.gmeye.hub.log;

import io.gmeye.hub.store.WriteTx;

/**
 * Turns log records into state. {@link #apply} runs on the store's writer thread inside the
 * record's atomic write and must be deterministic: it reads only the store (through the
 * transaction), the record and its {@code at}. A refusal (a {@code GmeyeException} of a client
 * kind: 404, 409...) is the record's outcome: its writes are rolled back, and every node refuses
 * it the same way.
 */
public interface LogApplier {
    /**
     * Parses a record read from the log before it goes to the store's writer (on the log's own
     * thread, so parsing and writing overlap); returns it with {@link LogRecord#decoded} set, or as it is.
     */
    default LogRecord prepare(LogRecord record) {
        return record;
    }

    /** @return the outcome, handed to whoever appended the record on this node */
    Object apply(LogRecord record, WriteTx tx) throws Exception;

    /** After the write holding the record is durable (writer thread): update memory here. */
    default void committed(LogRecord record, Object outcome) {
    }
}
