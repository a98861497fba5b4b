package io.gmeye.agent.outbox;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.rocks.GroupCommitter;
import io.gmeye.platform.rocks.RocksDatabase;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.inspection.Snapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox on RocksDB: one column family per priority class keyed by sequence number, a meta
 * family for the sequence and eviction counters. Appends are group-committed with a synced WAL,
 * so a record acknowledged upstream survives {@code kill -9}. The sequence number is stamped into
 * the envelope at append, on the single writer thread, so it grows in write order. A {@code state}
 * family holds what features must remember across a restart, changed in the same batch as the
 * record that reports the change.
 */
public final class RocksOutbox implements Outbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RocksOutbox.class);
    private static final String META = "meta";
    private static final String STATE = "state";
    private static final byte[] SEQ_KEY = "seq".getBytes(StandardCharsets.US_ASCII);

    private final RocksDatabase db;
    private final GroupCommitter writer;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final PendingIndex index = new PendingIndex();
    private final Map<Priority, AtomicLong> evicted = new EnumMap<>(Priority.class);
    private final AtomicLong appendFailures = new AtomicLong();
    private final AtomicBoolean evictionScheduled = new AtomicBoolean();
    /** Done unless space is being reclaimed below the disk reserve; appends wait for it meanwhile. */
    private volatile CompletableFuture<Void> reclaiming = CompletableFuture.completedFuture(null);
    private final Clock clock;
    private final Metrics metrics;
    private final long maxBytes;
    private final long diskReserve;
    private volatile long lastDiskCheckNanos;
    private long nextSeq; // writer thread only
    private volatile Runnable onAppend = () -> { };

    public RocksOutbox(Path dir, long maxBytes, Clock clock, Metrics metrics) {
        this(dir, maxBytes, 256L << 20, clock, metrics);
    }

    /**
     * @param maxBytes    the outbox's own bound
     * @param diskReserve free disk the outbox keeps: below it, it evicts by its policy and compacts, so the
     *                    box's disk never fills because of it
     */
    public RocksOutbox(Path dir, long maxBytes, long diskReserve, Clock clock, Metrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
        this.diskReserve = diskReserve;
        List<String> families = new ArrayList<>();
        for (Priority p : Priority.values()) {
            families.add(p.columnFamily());
        }
        families.add(META);
        families.add(STATE);
        this.db = RocksDatabase.open(dir, families, 16L << 20);
        for (Priority p : Priority.values()) {
            evicted.put(p, new AtomicLong(readLong(evictedKey(p))));
        }
        this.nextSeq = Math.max(readLong(SEQ_KEY), rebuildIndex()) + 1;
        this.writer = new GroupCommitter("outbox", db, true, 65_536, 4_096, metrics);
        this.writer.minFreeBytes(Math.min(diskReserve, 16L << 20));
        LOG.info("outbox at {} holds {} records ({} bytes), next seq {}", dir, index.count(), index.bytes(), nextSeq);
    }

    /** Called after each durable append, so the uplink can wake up. */
    public void onAppend(Runnable r) {
        this.onAppend = r;
    }

    @Override
    public CompletableFuture<Long> append(Envelope<?> message) {
        if (message.type().binary()) {
            throw new IllegalArgumentException(message.type().wire() + " carries a binary payload: use appendSnapshot");
        }
        return write(message, null, null);
    }

    @Override
    public CompletableFuture<Long> append(Envelope<?> message, StateChange change) {
        if (message.type().binary()) {
            throw new IllegalArgumentException(message.type().wire() + " carries a binary payload: use appendSnapshot");
        }
        return write(message, null, change);
    }

    @Override
    public Map<String, byte[]> state(String prefix) {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        return db.read(d -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (RocksIterator it = d.newIterator(db.cf(STATE))) {
                for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                    out.put(new String(it.key(), StandardCharsets.UTF_8), it.value());
                }
            }
            return out;
        });
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public CompletableFuture<Long> appendSnapshot(Envelope<Snapshot> header, byte[] jpeg) {
        return write(header, jpeg, null);
    }

    private CompletableFuture<Long> write(Envelope<?> message, byte[] binary, StateChange change) {
        CompletableFuture<Void> gate = reclaiming;
        if (!gate.isDone()) {
            // below the reserve, evicted records hold their space until compaction ends: an append that went
            // ahead could run the disk down to the writer's refusal floor on a slow or busy box
            return gate.thenCompose(v -> submit(message, binary, change));
        }
        return submit(message, binary, change);
    }

    private CompletableFuture<Long> submit(Envelope<?> message, byte[] binary, StateChange change) {
        Priority priority = Priority.of(message.type());
        long now = clock.millis();
        CompletableFuture<Long> f = writer.submit(new GroupCommitter.Job<OutboxRecord>() {
            @Override
            public OutboxRecord apply(GroupCommitter.Batch batch) throws RocksDBException {
                long seq = nextSeq;
                OutboxRecord r = new OutboxRecord(seq, priority, message.type(), now, codec.encode(message.withSeq(seq)), binary);
                batch.put(cf(priority), OutboxRecord.key(seq), r.toBytes());
                batch.put(db.cf(META), SEQ_KEY, longBytes(seq));
                if (change != null && change.removes()) {
                    batch.delete(db.cf(STATE), change.keyBytes());
                } else if (change != null) {
                    batch.put(db.cf(STATE), change.keyBytes(), change.value());
                }
                if (change != null) {
                    for (String k : change.forget()) {
                        batch.delete(db.cf(STATE), k.getBytes(StandardCharsets.UTF_8));
                    }
                }
                nextSeq = seq + 1;
                return r;
            }

            @Override
            public void committed(OutboxRecord r) {
                index.add(r.priority(), r.seq(), r.size(), r.appendedAt());
            }
        }).thenApply(OutboxRecord::seq);
        f.whenComplete((seq, err) -> {
            if (err != null) {
                appendFailures.incrementAndGet();
                metrics.count("gmeye.outbox.appends", "outcome", GmeyeException.of(err).kind().name().toLowerCase());
            } else {
                metrics.count("gmeye.outbox.appends", "outcome", "ok", "priority", priority.wire());
                if (index.bytes() > maxBytes) {
                    scheduleEviction(index.bytes() - maxBytes + maxBytes / 20, false);
                }
                guardDisk();
                onAppend.run();
            }
        });
        return f;
    }

    /** The next records to send, most urgent class first, each class after its cursor. Blocking: call off the event loop. */
    public List<OutboxRecord> peek(Map<Priority, Long> after, int max) {
        List<PendingIndex.Ref> refs = index.next(after, max);
        if (refs.isEmpty()) {
            return List.of();
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>(refs.size());
        List<byte[]> keys = new ArrayList<>(refs.size());
        for (PendingIndex.Ref r : refs) {
            handles.add(cf(r.priority()));
            keys.add(OutboxRecord.key(r.seq()));
        }
        try {
            List<byte[]> values = db.db().multiGetAsList(handles, keys);
            List<OutboxRecord> out = new ArrayList<>(refs.size());
            for (int i = 0; i < refs.size(); i++) {
                if (values.get(i) != null) { // acknowledged or evicted meanwhile
                    out.add(OutboxRecord.fromBytes(refs.get(i).seq(), refs.get(i).priority(), values.get(i)));
                }
            }
            return out;
        } catch (RocksDBException e) {
            throw RocksDatabase.translate("outbox read", e);
        }
    }

    /** The hub has the records: delete them. The delete rides on the next group commit. */
    public CompletableFuture<Void> acknowledge(List<OutboxRecord> records) {
        return writer.submit(new GroupCommitter.Job<Void>() {
            @Override
            public Void apply(GroupCommitter.Batch batch) throws RocksDBException {
                for (OutboxRecord r : records) {
                    batch.delete(cf(r.priority()), OutboxRecord.key(r.seq()));
                }
                return null;
            }

            @Override
            public void committed(Void v) {
                for (OutboxRecord r : records) {
                    index.remove(r.priority(), r.seq());
                }
            }
        });
    }

    /** Below the disk reserve: evict by the same policy, then compact so the space really comes back. */
    private void guardDisk() {
        long now = System.nanoTime();
        if (now - lastDiskCheckNanos < 200_000_000L) {
            return; // a statvfs per append would cost more than it saves
        }
        lastDiskCheckNanos = now;
        long free = db.freeBytes();
        if (free < diskReserve) {
            LOG.warn("outbox disk has {} bytes free, below its reserve of {}: evicting", free, diskReserve);
            scheduleEviction(Math.max(diskReserve - free, index.bytes() / 10), true);
        }
    }

    /** Frees at least {@code toFree} bytes (plus headroom, so eviction does not run per append). */
    private void scheduleEviction(long toFree, boolean compact) {
        if (!evictionScheduled.compareAndSet(false, true)) {
            return;
        }
        List<PendingIndex.Ref> victims = index.evictionVictims(toFree);
        CompletableFuture<Void> reclaimed = new CompletableFuture<>();
        if (compact) {
            reclaiming = reclaimed;
        }
        writer.submit(new GroupCommitter.Job<Map<Priority, Long>>() {
            @Override
            public Map<Priority, Long> apply(GroupCommitter.Batch batch) throws RocksDBException {
                Map<Priority, Long> counts = new EnumMap<>(Priority.class);
                for (PendingIndex.Ref v : victims) {
                    batch.delete(cf(v.priority()), OutboxRecord.key(v.seq()));
                    counts.merge(v.priority(), 1L, Long::sum);
                }
                for (Map.Entry<Priority, Long> e : counts.entrySet()) {
                    batch.put(db.cf(META), evictedKey(e.getKey()), longBytes(evicted.get(e.getKey()).get() + e.getValue()));
                }
                return counts;
            }

            @Override
            public void committed(Map<Priority, Long> counts) {
                for (PendingIndex.Ref v : victims) {
                    index.remove(v.priority(), v.seq());
                }
                counts.forEach((p, n) -> {
                    evicted.get(p).addAndGet(n);
                    metrics.count("gmeye.outbox.evicted", n, "priority", p.wire());
                    LOG.warn("outbox over its {} bytes: evicted the {} oldest {} records", maxBytes, n, p.wire());
                });
            }
        }).whenComplete((counts, e) -> {
            if (e != null) {
                evictionScheduled.set(false);
                reclaimed.complete(null);
                LOG.error("outbox eviction failed: {}", e.getMessage());
                return;
            }
            if (compact) {
                // deleted records hold their space until compaction; off the writer thread
                Thread t = new Thread(() -> {
                    try {
                        counts.keySet().forEach(p -> db.compact(p.columnFamily()));
                    } catch (GmeyeException ex) {
                        LOG.warn("outbox compaction after eviction failed: {}", ex.getMessage());
                    } finally {
                        evictionScheduled.set(false);
                        reclaimed.complete(null);
                    }
                }, "outbox-compact");
                t.setDaemon(true);
                t.start();
            } else {
                evictionScheduled.set(false);
                reclaimed.complete(null);
                if (index.bytes() > maxBytes) {
                    scheduleEviction(index.bytes() - maxBytes + maxBytes / 20, false);
                }
            }
        });
    }

    @Override
    public OutboxStats stats() {
        long oldest = index.oldestAppendedAt();
        Map<String, Long> ev = new LinkedHashMap<>();
        evicted.forEach((p, n) -> {
            if (n.get() > 0) {
                ev.put(p.wire(), n.get());
            }
        });
        return new OutboxStats(index.count(), index.bytes(), oldest < 0 ? 0 : Math.max(0, clock.millis() - oldest), ev,
                appendFailures.get());
    }

    public long depth() {
        return index.count();
    }

    private long rebuildIndex() {
        long maxSeq = 0;
        for (Priority p : Priority.values()) {
            try (RocksIterator it = db.db().newIterator(cf(p))) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    long seq = OutboxRecord.seqOf(it.key());
                    OutboxRecord r = OutboxRecord.fromBytes(seq, p, it.value());
                    index.add(p, seq, r.size(), r.appendedAt());
                    maxSeq = Math.max(maxSeq, seq);
                }
            }
        }
        return maxSeq;
    }

    private long readLong(byte[] key) {
        byte[] v = db.read(d -> d.get(db.cf(META), key));
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Looked up per use: after a full disk the database is reopened with new handles. */
    private ColumnFamilyHandle cf(Priority p) {
        return db.cf(p.columnFamily());
    }

    private static byte[] evictedKey(Priority p) {
        return ("evicted." + p.wire()).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Override
    public void close() {
        writer.close();
        db.close();
    }
}
