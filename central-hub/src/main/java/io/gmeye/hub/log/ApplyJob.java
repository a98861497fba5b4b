package io.gmeye.hub.log;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import java.nio.ByteBuffer;

/**
 * One record applied in one atomic store write, with what keeps the log idempotent: the log
 * position it came from (the node's place in the log, kept with the state it produced, as Kafka
 * Streams keeps a store's changelog offset) and, for commands and decisions, an applied mark by
 * id so a record seen twice changes nothing the second time. Both logs apply through here.
 */
final class ApplyJob implements WriteJob<Object> {
    /** The outcome of a command or decision that was applied before under the same id. */
    static final Object DUPLICATE = new Object() {
        @Override
        public String toString() {
            return "duplicate";
        }
    };

    private final LogRecord record;
    private final LogApplier applier;
    private final byte[] positionKey; // null: no position to keep (the local log)
    private final long next;

    ApplyJob(LogRecord record, LogApplier applier, byte[] positionKey, long nextOffset) {
        this.record = record;
        this.applier = applier;
        this.positionKey = positionKey;
        this.next = nextOffset;
    }

    static byte[] positionKey(String topic, int partition) {
        return Keys.of("log", topic, Integer.toString(partition));
    }

    static long position(byte[] stored) {
        return stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
    }

    @Override
    public Object apply(WriteTx tx) throws Exception {
        if (positionKey != null) {
            // never backwards: a refused record's job is rolled back whole, and a later record moves past it
            long had = position(tx.get(Space.META, positionKey));
            if (next > had) {
                tx.put(Space.META, positionKey, ByteBuffer.allocate(8).putLong(next).array());
            }
        }
        byte[] mark = record.kind() == LogRecord.Kind.PUBLISH ? null : Keys.of("applied", record.id());
        if (mark != null) {
            if (tx.get(Space.META, mark) != null) {
                return DUPLICATE;
            }
            tx.put(Space.META, mark, new byte[] {1});
        }
        return applier.apply(record, tx);
    }

    @Override
    public void committed(Object outcome) {
        if (outcome != DUPLICATE) {
            applier.committed(record, outcome);
        }
    }
}
