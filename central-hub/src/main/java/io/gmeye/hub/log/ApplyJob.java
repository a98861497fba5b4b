package io.gmeye.hub.log;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.ByteBuffer;

/**
 * One record applied in one atomic store write, with what keeps applying exact: the node's
 * place in the log's partition, kept with the state it produced (as Kafka Streams keeps a
 * store's changelog offset), and, for commands and decisions, an applied mark by id so a record
 * seen twice changes nothing the second time. Both logs apply through here.
 * <p>
 * With a position, records are applied strictly in offset order: a record below the stored
 * position was applied before and is skipped; one above it means an earlier record's write
 * failed, so it fails too and the log is read again from the stored position. A refusal (404,
 * 409...) is then the record's outcome: its writes are undone and its offset is kept.
 */
final class ApplyJob implements WriteJob<Object> {
    /** The outcome of a record this node applied before. */
    static final Object DUPLICATE = new Object() {
        @Override
        public String toString() {
            return "duplicate";
        }
    };

    /** A record the applier refused: nothing of it was written, and the same refusal happens on every node. */
    record Refused(Exception reason) {
    }

    private final LogRecord record;
    private final LogApplier applier;
    private final byte[] positionKey; // null: no position to keep (the local log)
    private final long offset;

    ApplyJob(LogRecord record, LogApplier applier, byte[] positionKey, long offset) {
        this.record = record;
        this.applier = applier;
        this.positionKey = positionKey;
        this.offset = offset;
    }

    static byte[] positionKey(String topic, int partition) {
        return Keys.of("log", topic, Integer.toString(partition));
    }

    static long position(byte[] stored) {
        return stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
    }

    /** The store could not write (disk full, closed, overloaded, a gap): not the record's outcome, so it is applied again later. */
    static boolean storeFailure(Throwable e) {
        return e instanceof GmeyeException g && (g.kind() == ErrorKind.STORAGE_FULL || g.kind() == ErrorKind.UNAVAILABLE);
    }

    @Override
    public Object apply(WriteTx tx) throws Exception {
        if (positionKey != null) {
            long next = position(tx.get(Space.META, positionKey));
            if (offset < next) {
                return DUPLICATE;
            }
            if (offset > next) {
                throw new GmeyeException(ErrorKind.UNAVAILABLE, "offset " + offset + " comes before " + next + " was applied (an earlier write failed)");
            }
            tx.put(Space.META, positionKey, ByteBuffer.allocate(8).putLong(offset + 1).array());
        }
        if (record.kind() != LogRecord.Kind.PUBLISH) {
            byte[] mark = Keys.of("applied", record.id());
            if (tx.get(Space.META, mark) != null) {
                return DUPLICATE;
            }
            tx.put(Space.META, mark, new byte[] {1});
        }
        if (positionKey == null) {
            return applier.apply(record, tx); // embedded: a refusal fails the write, as any store write does
        }
        tx.savepoint();
        try {
            Object outcome = applier.apply(record, tx);
            tx.releaseSavepoint();
            return outcome;
        } catch (Exception e) {
            tx.rollbackToSavepoint();
            if (storeFailure(e)) {
                throw e;
            }
            return new Refused(e);
        }
    }

    @Override
    public void committed(Object outcome) {
        if (outcome != DUPLICATE && !(outcome instanceof Refused)) {
            applier.committed(record, outcome);
        }
    }
}
