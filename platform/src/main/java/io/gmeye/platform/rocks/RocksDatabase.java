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
import org.rocksdb.BlockBasedTableConfig;
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
 * handles) and closing them in reverse order.
 */
public final class RocksDatabase implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final LRUCache cache;
    private final Map<String, ColumnFamilyHandle> handles = new LinkedHashMap<>();

    private RocksDatabase(Path dir, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions, LRUCache cache,
                          List<String> names, List<ColumnFamilyHandle> hs) {
        this.dir = dir;
        this.db = db;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.cache = cache;
        for (int i = 0; i < names.size(); i++) {
            handles.put(names.get(i), hs.get(i));
        }
    }

    /** Opens (creating if needed) a database with these column families besides the default one. */
    public static RocksDatabase open(Path dir, List<String> columnFamilies, long blockCacheBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GmeyeException(ErrorKind.UNAVAILABLE, "cannot create the data folder " + dir + ": " + e.getMessage());
        }
        LRUCache cache = new LRUCache(blockCacheBytes);
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
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setFilterPolicy(new org.rocksdb.BloomFilter(10)).setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true));
        List<String> names = new ArrayList<>();
        names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY));
        names.addAll(columnFamilies);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String n : names) {
            descriptors.add(new ColumnFamilyDescriptor(n.getBytes(), cfo));
        }
        List<ColumnFamilyHandle> hs = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbo, dir.toString(), descriptors, hs);
            return new RocksDatabase(dir, db, dbo, cfo, cache, names, hs);
        } catch (RocksDBException e) {
            cfo.close();
            dbo.close();
            cache.close();
            throw translate("open " + dir, e);
        }
    }

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

    /** Bytes on disk of live SST files and WAL, as RocksDB estimates them. */
    public long diskBytes() {
        try {
            long total = 0;
            for (ColumnFamilyHandle h : handles.values()) {
                total += Long.parseLong(db.getProperty(h, "rocksdb.live-sst-files-size"));
            }
            return total;
        } catch (RocksDBException | NumberFormatException e) {
            return -1;
        }
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

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handles.values()) {
            h.close();
        }
        try {
            db.syncWal();
        } catch (RocksDBException ignored) {
            // closing anyway; the WAL was synced at every durable write
        }
        db.close();
        cfOptions.close();
        dbOptions.close();
        cache.close();
    }
}
