package io.gmeye.hub.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node already parsed of the records it appends (an agent's publish is parsed to be
 * validated before it goes to Kafka), kept by id until its own applier reads the record back, so
 * the node that received a publish parses it once. The same bytes parsed by the same codec give
 * the same result, so applying is unchanged. Bounded by the bodies' bytes: past the bound a
 * record is simply parsed again when it is read.
 */
final class OwnRecords {
    private record Kept(Object decoded, int bytes) {
    }

    private final ConcurrentHashMap<String, Kept> byId = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;

    OwnRecords(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void keep(LogRecord r) {
        if (r.decoded() == null || bytes.get() + r.body().length > maxBytes) {
            return;
        }
        if (byId.putIfAbsent(r.id(), new Kept(r.decoded(), r.body().length)) == null) {
            bytes.addAndGet(r.body().length);
        }
    }

    /** The parsed body of one of this node's records, once; null when it was not kept. */
    Object take(String id) {
        Kept k = byId.remove(id);
        if (k == null) {
            return null;
        }
        bytes.addAndGet(-k.bytes());
        return k.decoded();
    }

    int size() {
        return byId.size();
    }
}
