package io.gmeye.agent.checkpoint;

import io.gmeye.platform.rocks.RocksDatabase;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The versioned whitelist in the agent's own RocksDB. Entries live under a generation prefix
 * ({@code gen | hash}); a delta changes the current generation in one synced WriteBatch that
 * also moves the version, and a full list (in chunks) is staged under the next generation and
 * switched to by the last chunk's batch. An agent killed at any point reopens holding either
 * the old or the new version, never a mix. Lookups are served from an in-memory index
 * ({@link WhitelistIndex}) published together with the version, so a gate never waits on disk;
 * {@link #apply} blocks on RocksDB: run it off the event loop.
 */
public final class WhitelistStore implements AutoCloseable {
    public enum Outcome { APPLIED, STAGED, ALREADY_HELD, GAP }

    /** What applying a delta did; {@code reason} says why a resync is needed after a GAP. */
    public record Applied(Outcome outcome, long version, String reason) {
    }

    private record State(long version, long gen, long entries) {
    }

    private record Staging(long gen, long toVersion, int next, int chunks, long entries) {
    }

    /** What lookups see: a version and its index, swapped together. */
    private record Snapshot(State state, WhitelistIndex index) {
    }

    private static final byte[] CURRENT = "current".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STAGING = "staging".getBytes(StandardCharsets.UTF_8);
    private static final String CF = "whitelist";

    private final RocksDatabase db;
    private final ColumnFamilyHandle entries;
    private final ColumnFamilyHandle meta;
    private final WriteOptions synced = new WriteOptions().setSync(true);
    private volatile Snapshot snap;
    private WhitelistIndex stagingIndex; // the full list being received, under apply's lock

    private WhitelistStore(RocksDatabase db) {
        this.db = db;
        this.entries = db.cf(CF);
        this.meta = db.cf("default");
        State state = readState();
        dropOtherGenerations(state.gen());
        this.snap = new Snapshot(state, loadIndex(state));
    }

    private WhitelistIndex loadIndex(State s) {
        WhitelistIndex index = WhitelistIndex.withRoomFor(s.entries());
        byte[] start = genStart(s.gen());
        try (org.rocksdb.RocksIterator it = db.db().newIterator(entries)) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (ByteBuffer.wrap(k).getLong() != s.gen()) {
                    break;
                }
                Listing l = decode(it.value());
                index.put(HexFormat.of().formatHex(k, 8, k.length), l.list(), l.validUntil());
            }
        }
        return index;
    }

    public static WhitelistStore open(Path dir) {
        return new WhitelistStore(RocksDatabase.open(dir, List.of(CF), 64L << 20));
    }

    /** The version held, -1 when none. */
    public long version() {
        return snap.state().version();
    }

    public long entries() {
        return snap.state().entries();
    }

    /** From memory: safe on the event loop. */
    public Optional<Listing> lookup(String personHash) {
        return snap.index().find(personHash);
    }

    /** Applies one delta or one chunk of a full list; synchronized: deltas apply one at a time. */
    public synchronized Applied apply(WhitelistDelta d) {
        try {
            return d.full() ? applyFull(d) : applyDelta(d);
        } catch (RocksDBException e) {
            throw RocksDatabase.translate("whitelist apply", e);
        }
    }

    private Applied applyDelta(WhitelistDelta d) throws RocksDBException {
        State s = snap.state();
        if (s.version() == d.toVersion()) {
            return new Applied(Outcome.ALREADY_HELD, s.version(), null);
        }
        if (s.version() != d.fromVersion()) {
            return new Applied(Outcome.GAP, s.version(), "holds version " + s.version() + " but the delta goes from " + d.fromVersion());
        }
        WhitelistIndex index = snap.index().copyWithRoom(d.upserts().size());
        try (WriteBatch wb = new WriteBatch()) {
            for (String removed : d.removals()) {
                wb.delete(entries, key(s.gen(), removed));
                index.remove(removed);
            }
            for (WhitelistEntry e : d.upserts()) {
                wb.put(entries, key(s.gen(), e.personHash()), encode(e));
                index.put(e.personHash(), e.list(), e.validUntil());
            }
            State next = new State(d.toVersion(), s.gen(), index.size());
            wb.put(meta, CURRENT, encode(next));
            db.db().write(synced, wb);
            snap = new Snapshot(next, index);
        }
        return new Applied(Outcome.APPLIED, d.toVersion(), null);
    }

    private Applied applyFull(WhitelistDelta d) throws RocksDBException {
        State s = snap.state();
        Staging st = readStaging();
        if (d.chunk() == 0) {
            if (s.version() == d.toVersion()) {
                return new Applied(Outcome.ALREADY_HELD, s.version(), null);
            }
            st = new Staging(s.gen() + 1, d.toVersion(), 0, d.chunks(), 0);
            stagingIndex = WhitelistIndex.withRoomFor((long) d.upserts().size() * d.chunks());
        } else if (stagingIndex == null || st == null || st.toVersion() != d.toVersion() || st.next() != d.chunk() || st.chunks() != d.chunks()) {
            dropStaging();
            return new Applied(Outcome.GAP, s.version(), "part " + (d.chunk() + 1) + " of " + d.chunks() + " of full list version "
                    + d.toVersion() + " came without the parts before it");
        }
        try (WriteBatch wb = new WriteBatch()) {
            if (d.chunk() == 0) {
                wb.deleteRange(entries, genStart(st.gen()), genStart(st.gen() + 1)); // leftovers of an earlier attempt
            }
            if (stagingIndex.size() + d.upserts().size() > (long) (stagingIndex.capacity() * 0.6)) {
                stagingIndex = stagingIndex.copyWithRoom(d.upserts().size());
            }
            for (WhitelistEntry e : d.upserts()) {
                wb.put(entries, key(st.gen(), e.personHash()), encode(e));
                stagingIndex.put(e.personHash(), e.list(), e.validUntil());
            }
            long staged = stagingIndex.size();
            if (d.lastChunk()) {
                State next = new State(d.toVersion(), st.gen(), staged);
                wb.put(meta, CURRENT, encode(next));
                wb.delete(meta, STAGING);
                db.db().write(synced, wb);
                snap = new Snapshot(next, stagingIndex);
                stagingIndex = null;
                db.db().deleteRange(entries, genStart(s.gen()), genStart(s.gen() + 1));
                return new Applied(Outcome.APPLIED, d.toVersion(), null);
            }
            wb.put(meta, STAGING, encode(new Staging(st.gen(), st.toVersion(), d.chunk() + 1, st.chunks(), staged)));
            db.db().write(synced, wb);
        }
        return new Applied(Outcome.STAGED, s.version(), null);
    }

    private void dropStaging() throws RocksDBException {
        stagingIndex = null;
        Staging st = readStaging();
        if (st != null) {
            try (WriteBatch wb = new WriteBatch()) {
                wb.deleteRange(entries, genStart(st.gen()), genStart(st.gen() + 1));
                wb.delete(meta, STAGING);
                db.db().write(synced, wb);
            }
        }
    }

    /** An agent that stopped mid-way through a full list starts clean: only the current generation stays. */
    private void dropOtherGenerations(long gen) {
        try {
            if (gen > 0) {
                db.db().deleteRange(entries, genStart(0), genStart(gen));
            }
            db.db().deleteRange(entries, genStart(gen + 1), genStart(Long.MAX_VALUE));
            db.db().delete(meta, STAGING);
        } catch (RocksDBException e) {
            throw RocksDatabase.translate("whitelist open", e);
        }
    }

    private State readState() {
        try {
            byte[] v = db.db().get(meta, CURRENT);
            if (v == null) {
                return new State(-1, 0, 0);
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            return new State(b.getLong(), b.getLong(), b.getLong());
        } catch (RocksDBException e) {
            throw RocksDatabase.translate("whitelist open", e);
        }
    }

    private Staging readStaging() throws RocksDBException {
        byte[] v = db.db().get(meta, STAGING);
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        return new Staging(b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getLong());
    }

    private static byte[] encode(State s) {
        return ByteBuffer.allocate(24).putLong(s.version()).putLong(s.gen()).putLong(s.entries()).array();
    }

    private static byte[] encode(Staging s) {
        return ByteBuffer.allocate(32).putLong(s.gen()).putLong(s.toVersion()).putInt(s.next()).putInt(s.chunks()).putLong(s.entries()).array();
    }

    private static byte[] encode(WhitelistEntry e) {
        byte list = switch (e.list()) {
            case "red" -> 2;
            case "yellow" -> 1;
            default -> 0;
        };
        byte[] masked = e.masked() == null ? new byte[0] : e.masked().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + masked.length).put(list).putLong(e.validUntil()).put(masked).array();
    }

    private static Listing decode(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        String list = switch (b.get()) {
            case 2 -> "red";
            case 1 -> "yellow";
            default -> "white";
        };
        long validUntil = b.getLong();
        String masked = new String(v, 9, v.length - 9, StandardCharsets.UTF_8);
        return new Listing(list, validUntil, masked.isEmpty() ? null : masked);
    }

    private static byte[] genStart(long gen) {
        return ByteBuffer.allocate(8).putLong(gen).array();
    }

    private static byte[] key(long gen, String personHash) {
        byte[] h;
        try {
            h = HexFormat.of().parseHex(personHash);
        } catch (IllegalArgumentException e) {
            h = personHash.getBytes(StandardCharsets.UTF_8); // not hex: keep as text so it can still be found
        }
        return ByteBuffer.allocate(8 + h.length).putLong(gen).put(h).array();
    }

    @Override
    public void close() {
        synced.close();
        db.close();
    }
}
