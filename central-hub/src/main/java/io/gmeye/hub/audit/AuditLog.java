package io.gmeye.hub.audit;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.envelope.Ulid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The audit log: every state change and every configuration change, written in the same atomic
 * write as the change itself, so the log and the state never disagree. Kept in time order.
 */
public final class AuditLog {
    private static final String PREFIX = "audit";
    private final Store store;

    public AuditLog(Store store) {
        this.store = store;
    }

    /** Adds an entry to the write that makes the change. */
    public AuditEntry record(WriteTx tx, long at, String actor, String action, String target, String site, Map<String, Object> detail) {
        AuditEntry e = new AuditEntry(Ulid.next(at), at, actor, action, target, site, detail);
        tx.put(Space.META, Keys.timed(PREFIX, at, e.id()), StoredJson.write(e));
        return e;
    }

    /** Newest first, at most {@code limit} entries at or before {@code before} that pass the filter. Blocking. */
    public List<AuditEntry> newest(long before, int limit, Predicate<AuditEntry> filter) {
        List<AuditEntry> out = new ArrayList<>();
        store.scan(Space.META, Keys.prefix(PREFIX), true, (k, v) -> {
            AuditEntry e = StoredJson.read(v, AuditEntry.class);
            if (e.at() <= before && filter.test(e)) {
                out.add(e);
            }
            return out.size() < limit;
        });
        return out;
    }
}
