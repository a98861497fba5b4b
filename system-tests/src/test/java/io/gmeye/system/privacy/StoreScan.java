package io.gmeye.system.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Every key and value of every column family of the RocksDB databases under a folder, read
 * through RocksDB itself: its SST files are compressed, so a grep of the files proves nothing.
 */
final class StoreScan {
    static {
        RocksDB.loadLibrary();
    }

    /** One entry: which database and column family, its key and its value. */
    record Entry(Path db, String columnFamily, byte[] key, byte[] value) {
    }

    interface Visitor {
        void visit(Entry e);
    }

    private StoreScan() {
    }

    /** Visits every entry of every database (a folder with a CURRENT file) under {@code root}; returns the databases read. */
    static List<String> scan(Path root, Visitor visitor) throws Exception {
        List<Path> dbs;
        try (Stream<Path> files = Files.walk(root)) {
            dbs = files.filter(p -> p.getFileName().toString().equals("CURRENT")).map(Path::getParent).sorted().toList();
        }
        List<String> read = new ArrayList<>();
        for (Path db : dbs) {
            List<byte[]> names;
            try (Options o = new Options()) {
                names = RocksDB.listColumnFamilies(o, db.toString());
            }
            List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            try (DBOptions o = new DBOptions(); RocksDB rocks = RocksDB.openReadOnly(o, db.toString(), descriptors, handles)) {
                for (ColumnFamilyHandle h : handles) {
                    String cf = new String(h.getName());
                    try (RocksIterator it = rocks.newIterator(h)) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            visitor.visit(new Entry(db, cf, it.key(), it.value()));
                        }
                    }
                    read.add(root.getFileName().resolve(root.relativize(db)) + ":" + cf);
                }
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
        return read;
    }
}
