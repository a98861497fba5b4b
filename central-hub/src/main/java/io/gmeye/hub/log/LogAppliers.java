package io.gmeye.hub.log;

import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.EnumMap;
import java.util.Map;

/** The one applier of a node: each kind of record to the feature that applies it. */
public final class LogAppliers implements LogApplier {
    private final Map<LogRecord.Kind, LogApplier> byKind = new EnumMap<>(LogRecord.Kind.class);

    public LogAppliers on(LogRecord.Kind kind, LogApplier applier) {
        byKind.put(kind, applier);
        return this;
    }

    @Override
    public LogRecord prepare(LogRecord record) {
        LogApplier a = byKind.get(record.kind());
        return a == null ? record : a.prepare(record);
    }

    @Override
    public Object apply(LogRecord record, WriteTx tx) throws Exception {
        LogApplier a = byKind.get(record.kind());
        if (a == null) {
            // a newer node wrote a kind this one does not know: refused the same way on every node of this version
            throw new GmeyeException(ErrorKind.BAD_REQUEST, "no applier for " + record.kind() + " records on this hub version");
        }
        return a.apply(record, tx);
    }

    @Override
    public void committed(LogRecord record, Object outcome) {
        LogApplier a = byKind.get(record.kind());
        if (a != null) {
            a.committed(record, outcome);
        }
    }
}
