package io.gmeye.hub.log;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small state machine to drive the logs with, kept in the store like the hub's own: each
 * PUBLISH body "site|seq" counts one application and checks that the site's sequence comes in
 * order; a COMMAND "claim|thing|who" claims a thing once and refuses a second claim (409).
 */
final class CountingApplier implements LogApplier {
    static final byte[] APPLIED = Keys.of("test", "applied");
    static final byte[] OUT_OF_ORDER = Keys.of("test", "out-of-order");
    final AtomicLong committed = new AtomicLong();

    @Override
    public Object apply(LogRecord r, WriteTx tx) {
        String[] parts = r.bodyText().split("\\|");
        if (r.kind() == LogRecord.Kind.COMMAND) {
            byte[] key = Keys.of("claim", parts[1]);
            byte[] had = tx.get(Space.META, key);
            if (had != null) {
                throw new GmeyeException(ErrorKind.CONFLICT, parts[1] + " is already claimed by " + Keys.text(had));
            }
            tx.put(Space.META, key, Keys.bytes(parts[2]));
            return parts[2];
        }
        byte[] seqKey = Keys.of("seq", parts[0]);
        long seq = Long.parseLong(parts[1]);
        long last = number(tx.get(Space.META, seqKey));
        if (seq != last + 1) {
            add(tx, OUT_OF_ORDER);
        }
        tx.put(Space.META, seqKey, bytes(seq));
        tx.put(Space.MESSAGES, Keys.bytes(r.id()), r.body());
        return add(tx, APPLIED);
    }

    @Override
    public void committed(LogRecord record, Object outcome) {
        committed.incrementAndGet();
    }

    private static long add(WriteTx tx, byte[] key) {
        long n = number(tx.get(Space.META, key)) + 1;
        tx.put(Space.META, key, bytes(n));
        return n;
    }

    static long number(byte[] b) {
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }

    private static byte[] bytes(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }
}
