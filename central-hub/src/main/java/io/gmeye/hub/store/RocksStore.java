package io.gmeye.hub.store;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.rocks.GroupCommitter;
import io.gmeye.platform.rocks.RocksDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** {@link Store} on an embedded RocksDB: one column family per space, one group-committing writer. */
public final class RocksStore implements Store {
    private final RocksDatabase db;
    private final GroupCommitter writer;

    public RocksStore(Path dir, boolean sync, Metrics metrics) {
        List<String> names = new ArrayList<>();
        for (Space s : Space.values()) {
            names.add(s.columnFamily());
        }
        this.db = RocksDatabase.open(dir, names, 128L << 20);
        this.writer = new GroupCommitter("hub-store", db, sync, 100_000, 8_192, metrics);
    }

    @Override
    public <R> CompletableFuture<R> write(WriteJob<R> job) {
        return writer.submit(new GroupCommitter.Job<R>() {
            @Override
            public R apply(GroupCommitter.Batch batch) throws Exception {
                return job.apply(new WriteTx() {
                    @Override
                    public byte[] get(Space space, byte[] key) {
                        try {
                            return batch.get(cf(space), key);
                        } catch (RocksDBException e) {
                            throw RocksDatabase.translate("store read", e);
                        }
                    }

                    @Override
                    public void put(Space space, byte[] key, byte[] value) {
                        try {
                            batch.put(cf(space), key, value);
                        } catch (RocksDBException e) {
                            throw RocksDatabase.translate("store write", e);
                        }
                    }

                    @Override
                    public void delete(Space space, byte[] key) {
                        try {
                            batch.delete(cf(space), key);
                        } catch (RocksDBException e) {
                            throw RocksDatabase.translate("store delete", e);
                        }
                    }

                    @Override
                    public void savepoint() {
                        batch.setSavePoint();
                    }

                    @Override
                    public void rollbackToSavepoint() {
                        try {
                            batch.rollbackToSavePoint();
                        } catch (RocksDBException e) {
                            throw RocksDatabase.translate("store rollback", e);
                        }
                    }

                    @Override
                    public void releaseSavepoint() {
                        try {
                            batch.popSavePoint();
                        } catch (RocksDBException e) {
                            throw RocksDatabase.translate("store savepoint", e);
                        }
                    }
                });
            }

            @Override
            public void committed(R result) {
                job.committed(result);
            }
        });
    }

    /** Looked up per use: after a full disk the database is reopened with new handles. */
    private ColumnFamilyHandle cf(Space space) {
        return db.cf(space.columnFamily());
    }

    /** Free bytes below which writes stop after a full disk, until the disk has room again. */
    public void minFreeBytes(long bytes) {
        writer.minFreeBytes(bytes);
    }

    @Override
    public byte[] get(Space space, byte[] key) {
        return db.read(d -> d.get(cf(space), key));
    }

    @Override
    public void scan(Space space, byte[] prefix, boolean reverse, Visitor visitor) {
        db.read(d -> {
            scan(d, space, prefix, reverse, visitor);
            return null;
        });
    }

    private void scan(RocksDB d, Space space, byte[] prefix, boolean reverse, Visitor visitor) {
        try (RocksIterator it = d.newIterator(cf(space))) {
            if (reverse) {
                byte[] after = successor(prefix);
                if (after == null) {
                    it.seekToLast();
                } else {
                    it.seekForPrev(after);
                    if (it.isValid() && Arrays.equals(it.key(), after)) {
                        it.prev();
                    }
                }
                for (; it.isValid() && startsWith(it.key(), prefix); it.prev()) {
                    if (!visitor.visit(it.key(), it.value())) {
                        return;
                    }
                }
            } else {
                for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                    if (!visitor.visit(it.key(), it.value())) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void scanFrom(Space space, byte[] from, Visitor visitor) {
        db.read(d -> {
            try (RocksIterator it = d.newIterator(cf(space))) {
                for (it.seek(from); it.isValid(); it.next()) {
                    if (!visitor.visit(it.key(), it.value())) {
                        break;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public long diskBytes() {
        return db.diskBytes();
    }

    @Override
    public int pendingWrites() {
        return writer.waiting();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The smallest key greater than every key with this prefix, or null when there is none. */
    private static byte[] successor(byte[] prefix) {
        byte[] s = prefix.clone();
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] != (byte) 0xFF) {
                s[i]++;
                return Arrays.copyOf(s, i + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        writer.close();
        db.close();
    }
}
