package io.gmeye.platform.rocks;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a database. Callers submit jobs; the writer thread runs as many as are
 * waiting against one batch, writes it with one synced WAL write (a group commit), then
 * completes each job's future. Durability costs one sync per round, not one per message. Jobs
 * run one at a time on this thread, so a job can read, decide and write without races; it sees
 * the writes of earlier jobs of the same round.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    /** Work done on the writer thread against the round's batch. */
    public interface Job<R> {
        R apply(Batch batch) throws Exception;

        /** Runs on the writer thread after the round is durable and before the future completes. */
        default void committed(R result) {
        }
    }

    /** A round's batch: reads see the database plus what earlier jobs in the round wrote. */
    public static final class Batch {
        private final RocksDatabase db;
        private final WriteBatchWithIndex wb;
        private final ReadOptions read;

        Batch(RocksDatabase db, WriteBatchWithIndex wb, ReadOptions read) {
            this.db = db;
            this.wb = wb;
            this.read = read;
        }

        public void put(ColumnFamilyHandle cf, byte[] key, byte[] value) throws RocksDBException {
            wb.put(cf, key, value);
        }

        public void delete(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
            wb.delete(cf, key);
        }

        public byte[] get(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
            return wb.getFromBatchAndDB(db.db(), cf, read, key);
        }

        public RocksDatabase database() {
            return db;
        }

        /** Marks a point this job's later writes can be rolled back to (savepoints nest). */
        public void setSavePoint() {
            wb.setSavePoint();
        }

        public void rollbackToSavePoint() throws RocksDBException {
            wb.rollbackToSavePoint();
        }

        /** Drops the latest savepoint, keeping the writes made since. */
        public void popSavePoint() throws RocksDBException {
            wb.popSavePoint();
        }

        public int count() {
            return wb.count();
        }
    }

    private record Pending<R>(Job<R> job, CompletableFuture<R> future) {
    }

    private final RocksDatabase db;
    private final BlockingQueue<Pending<?>> queue;
    private final int maxJobsPerRound;
    private final boolean sync;
    private final Metrics metrics;
    private final String name;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long minFreeBytes = 16L << 20;
    private boolean diskFull; // writer thread only

    public GroupCommitter(String name, RocksDatabase db, boolean sync, int queueCapacity, int maxJobsPerRound, Metrics metrics) {
        this.name = name;
        this.db = db;
        this.sync = sync;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxJobsPerRound = maxJobsPerRound;
        this.metrics = metrics;
        this.thread = new Thread(this::loop, name + "-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public <R> CompletableFuture<R> submit(Job<R> job) {
        CompletableFuture<R> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, name + " is closed"));
        } else if (!queue.offer(new Pending<>(job, f))) {
            metrics.count("gmeye.store.rejected", "store", name, "reason", "queue_full");
            f.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE,
                    name + " has " + queue.size() + " writes waiting; try again shortly"));
        }
        return f;
    }

    public int waiting() {
        return queue.size();
    }

    /** Free space the disk must have again before writes resume after it was full. */
    public void minFreeBytes(long bytes) {
        this.minFreeBytes = bytes;
    }

    /** Whether the last write found the disk full (and no write has succeeded since). */
    public boolean diskFull() {
        return diskFull;
    }

    private void loop() {
        List<Pending<?>> round = new ArrayList<>(maxJobsPerRound);
        try (WriteOptions wo = new WriteOptions().setSync(sync); ReadOptions ro = new ReadOptions()) {
            while (running || !queue.isEmpty()) {
                round.clear();
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                queue.drainTo(round, maxJobsPerRound - 1);
                runRound(round, wo, ro);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending<?> p; (p = queue.poll()) != null; ) {
            p.future().completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, name + " is closed"));
        }
    }

    private void runRound(List<Pending<?>> round, WriteOptions wo, ReadOptions ro) {
        if (diskFull && !recovered()) {
            GmeyeException full = new GmeyeException(ErrorKind.STORAGE_FULL, name + ": the disk is full (" + db.freeBytes()
                    + " bytes free, writes resume at " + minFreeBytes + ")");
            metrics.count("gmeye.store.write_failures", round.size(), "store", name, "kind", "storage_full");
            round.forEach(p -> p.future().completeExceptionally(full));
            return;
        }
        long t0 = System.nanoTime();
        List<Object> results = new ArrayList<>(round.size());
        List<Pending<?>> applied = new ArrayList<>(round.size());
        try (WriteBatchWithIndex wb = new WriteBatchWithIndex(true)) {
            Batch batch = new Batch(db, wb, ro);
            for (Pending<?> p : round) {
                try {
                    wb.setSavePoint();
                    Object r = p.job().apply(batch);
                    results.add(r);
                    applied.add(p);
                } catch (Exception e) {
                    rollback(wb);
                    p.future().completeExceptionally(e instanceof RocksDBException re ? RocksDatabase.translate(name, re) : e);
                }
            }
            if (wb.count() > 0) {
                db.db().write(wo, wb);
            }
        } catch (RocksDBException e) {
            GmeyeException err = RocksDatabase.translate(name + " write", e);
            diskFull = err.kind() == ErrorKind.STORAGE_FULL;
            metrics.count("gmeye.store.write_failures", "store", name, "kind", err.kind().name().toLowerCase());
            for (Pending<?> p : applied) {
                p.future().completeExceptionally(err);
            }
            return;
        }
        metrics.time("gmeye.store.round", System.nanoTime() - t0, "store", name);
        metrics.count("gmeye.store.jobs", applied.size(), "store", name);
        for (int i = 0; i < applied.size(); i++) {
            complete(applied.get(i), results.get(i));
        }
    }

    /** After a full disk: once there is room again, reopen the database (RocksDB refuses writes until then). */
    private boolean recovered() {
        if (db.freeBytes() < minFreeBytes) {
            return false;
        }
        try {
            db.reopen();
            diskFull = false;
            LOG.info("{}: the disk has room again ({} bytes free); writing resumes", name, db.freeBytes());
            return true;
        } catch (GmeyeException e) {
            LOG.warn("{}: could not reopen after a full disk: {}", name, e.getMessage());
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void complete(Pending<R> p, Object result) {
        try {
            p.job().committed((R) result);
        } finally {
            p.future().complete((R) result);
        }
    }

    private static void rollback(WriteBatchWithIndex wb) {
        try {
            wb.rollbackToSavePoint();
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot roll back a failed job's writes", e);
        }
    }

    /** Finishes the writes already submitted, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
