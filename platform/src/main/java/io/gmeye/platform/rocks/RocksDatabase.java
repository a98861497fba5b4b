package io.gmeye.platform.rocks;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * One RocksDB with named column families, owning every native handle it opens (options, cache,
 * handles) and closing them in reverse order. After a full disk RocksDB refuses every write
 * until it is reopened; {@link #reopen()} does that, so readers go through {@link #read} and
 * never touch a closed handle.
 */
public final class RocksDatabase implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** A read against the database, run while no reopen can close it. */
    @FunctionalInterface
    public interface ReadOp<T> {
        T apply(RocksDB db) throws RocksDBException;
    }

    private final Path dir;
    private final List<String> names;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache cache;
    private final BloomFilter bloom;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile RocksDB db;
    private volatile Map<String, ColumnFamilyHandle> handles;

    private RocksDatabase(Path dir, List<String> names, DBOptions dbOptions, ColumnFamilyOptions cfOptions, LRUCache cache, BloomFilter bloom) {
        this.dir = dir;
        this.names = names;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.cache = cache;
        this.bloom = bloom;
    }

    /** Opens (creating if needed) a database with these column families besides the default one. */
    public static RocksDatabase open(Path dir, List<String> columnFamilies, long blockCacheBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GmeyeException(ErrorKind.UNAVAILABLE, "cannot create the data folder " + dir + ": " + e.getMessage());
        }
        LRUCache cache = new LRUCache(blockCacheBytes);
        BloomFilter bloom = new BloomFilter(10);
        DBOptions dbo = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setIncreaseParallelism(2)
                .setMaxBackgroundJobs(2)
                .setMaxTotalWalSize(256L << 20)
                .setKeepLogFileNum(3)
                .setAtomicFlush(true);
        // queue-like and log-like writes: big memtables and a tolerant L0 keep ingest free of write stalls
        ColumnFamilyOptions cfo = new ColumnFamilyOptions()
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(64L << 20)
                .setMaxWriteBufferNumber(4)
                .setMinWriteBufferNumberToMerge(1)
                .setLevel0FileNumCompactionTrigger(4)
                .setLevel0SlowdownWritesTrigger(40)
                .setLevel0StopWritesTrigger(64)
                .setTargetFileSizeBase(64L << 20)
                .setMaxBytesForLevelBase(512L << 20)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                        .setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true));
        List<String> names = new ArrayList<>();
        names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY));
        names.addAll(columnFamilies);
        RocksDatabase r = new RocksDatabase(dir, names, dbo, cfo, cache, bloom);
        try {
            r.openHandles();
        } catch (RocksDBException e) {
            cfo.close();
            dbo.close();
            bloom.close();
            cache.close();
            throw translate("open " + dir, e);
        }
        return r;
    }

    private void openHandles() throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String n : names) {
            descriptors.add(new ColumnFamilyDescriptor(n.getBytes(), cfOptions));
        }
        List<ColumnFamilyHandle> hs = new ArrayList<>();
        RocksDB opened = RocksDB.open(dbOptions, dir.toString(), descriptors, hs);
        Map<String, ColumnFamilyHandle> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), hs.get(i));
        }
        this.handles = m;
        this.db = opened;
    }

    /** The database, for the single writer thread (which is also the only one that reopens it). */
    public RocksDB db() {
        return db;
    }

    public Path dir() {
        return dir;
    }

    public ColumnFamilyHandle cf(String name) {
        ColumnFamilyHandle h = handles.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no column family " + name + " in " + dir);
        }
        return h;
    }

    /** Runs a read while the database cannot be reopened under it; other threads than the writer read through here. */
    public <T> T read(ReadOp<T> op) {
        lock.readLock().lock();
        try {
            return op.apply(db);
        } catch (RocksDBException e) {
            throw translate("read " + dir, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes free on the file system that holds the database. */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Closes and opens the database again: what RocksDB needs to write after a full disk. Writer thread only. */
    public void reopen() {
        lock.writeLock().lock();
        try {
            closeHandles();
            openHandles();
        } catch (RocksDBException e) {
            throw translate("reopen " + dir, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Compacts a column family so that deleted records give their disk space back. */
    public void compact(String columnFamily) {
        read(d -> {
            d.compactRange(cf(columnFamily));
            return null;
        });
    }

    /** Bytes on disk of live SST files, as RocksDB estimates them. */
    public long diskBytes() {
        return read(d -> {
            long total = 0;
            for (ColumnFamilyHandle h : handles.values()) {
                total += Long.parseLong(d.getProperty(h, "rocksdb.live-sst-files-size"));
            }
            return total;
        });
    }

    /** A RocksDB failure as an error a person can act on: a full disk says so. */
    public static GmeyeException translate(String what, RocksDBException e) {
        Status s = e.getStatus();
        String detail = s != null && s.getState() != null ? s.getState() : String.valueOf(e.getMessage());
        boolean full = (s != null && s.getSubCode() == Status.SubCode.NoSpace)
                || detail.contains("No space left") || detail.contains("NoSpace");
        if (full) {
            return new GmeyeException(ErrorKind.STORAGE_FULL, what + ": the disk is full (" + detail + ")", e);
        }
        return new GmeyeException(ErrorKind.UNAVAILABLE, what + ": " + detail, e);
    }

    private void closeHandles() {
        for (ColumnFamilyHandle h : handles.values()) {
            h.close();
        }
        try {
            db.syncWal();
        } catch (RocksDBException ignored) {
            // closing anyway; the WAL was synced at every durable write
        }
        db.close();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closeHandles();
        } finally {
            lock.writeLock().unlock();
        }
        cfOptions.close();
        dbOptions.close();
        bloom.close();
        cache.close();
    }
}
