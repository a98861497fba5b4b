package io.gmeye.agent.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The whitelist in memory, so a gate decides on the event loop without touching RocksDB: an
 * open-addressing table (linear probing) keyed by the first 128 bits of the person hash, with the
 * list and the end of validity. About 25 bytes a slot at most 60% full: a million people take
 * about 50 MB. Immutable once published; a change copies it (deltas are rare next to scans), so
 * readers never lock and always see one whole version.
 */
final class WhitelistIndex {
    private static final byte EMPTY = 0;
    private static final String[] LISTS = {null, "white", "yellow", "red"};

    private final long[] hi;
    private final long[] lo;
    private final byte[] list;
    private final long[] until;
    private int size;

    private WhitelistIndex(int capacity) {
        hi = new long[capacity];
        lo = new long[capacity];
        list = new byte[capacity];
        until = new long[capacity];
    }

    static WhitelistIndex withRoomFor(long entries) {
        int cap = 16;
        while (cap * 0.6 < entries) {
            cap <<= 1;
        }
        return new WhitelistIndex(cap);
    }

    int size() {
        return size;
    }

    int capacity() {
        return hi.length;
    }

    Optional<Listing> find(String personHash) {
        long[] k = key(personHash);
        int mask = hi.length - 1;
        for (int i = slot(k, mask); list[i] != EMPTY; i = (i + 1) & mask) {
            if (hi[i] == k[0] && lo[i] == k[1]) {
                return Optional.of(new Listing(LISTS[list[i]], until[i], null));
            }
        }
        return Optional.empty();
    }

    /** A copy with room for {@code extra} more entries, to apply a change to. */
    WhitelistIndex copyWithRoom(long extra) {
        WhitelistIndex c = withRoomFor(size + extra);
        if (c.hi.length == hi.length) {
            System.arraycopy(hi, 0, c.hi, 0, hi.length);
            System.arraycopy(lo, 0, c.lo, 0, lo.length);
            System.arraycopy(list, 0, c.list, 0, list.length);
            System.arraycopy(until, 0, c.until, 0, until.length);
            c.size = size;
        } else {
            for (int i = 0; i < hi.length; i++) {
                if (list[i] != EMPTY) {
                    c.insert(hi[i], lo[i], list[i], until[i]);
                }
            }
        }
        return c;
    }

    void put(String personHash, String listName, long validUntil) {
        long[] k = key(personHash);
        insert(k[0], k[1], code(listName), validUntil);
    }

    private void insert(long h, long l, byte code, long validUntil) {
        int mask = hi.length - 1;
        int i = slot(h, mask);
        while (list[i] != EMPTY && !(hi[i] == h && lo[i] == l)) {
            i = (i + 1) & mask;
        }
        if (list[i] == EMPTY) {
            size++;
            if (size > hi.length * 0.9) {
                throw new IllegalStateException("whitelist index over capacity: reserve room before adding");
            }
        }
        hi[i] = h;
        lo[i] = l;
        list[i] = code;
        until[i] = validUntil;
    }

    /** Removes with backward shifting, so probe chains stay unbroken without tombstones. */
    void remove(String personHash) {
        long[] k = key(personHash);
        int mask = hi.length - 1;
        int i = slot(k, mask);
        while (list[i] != EMPTY && !(hi[i] == k[0] && lo[i] == k[1])) {
            i = (i + 1) & mask;
        }
        if (list[i] == EMPTY) {
            return;
        }
        size--;
        int gap = i;
        for (int j = (gap + 1) & mask; list[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(hi[j], mask);
            boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable) {
                hi[gap] = hi[j];
                lo[gap] = lo[j];
                list[gap] = list[j];
                until[gap] = until[j];
                gap = j;
            }
        }
        list[gap] = EMPTY;
    }

    static byte code(String listName) {
        return switch (listName) {
            case "red" -> 3;
            case "yellow" -> 2;
            default -> 1;
        };
    }

    private static int slot(long[] k, int mask) {
        return slot(k[0], mask);
    }

    private static int slot(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The first 128 bits of the hash; a reference that is not hex is digested first. */
    static long[] key(String personHash) {
        byte[] b;
        if (personHash.length() >= 32 && personHash.length() % 2 == 0 && HexFormat.isHexDigit(personHash.charAt(0))) {
            try {
                b = HexFormat.of().parseHex(personHash, 0, 32);
            } catch (IllegalArgumentException e) {
                b = digest(personHash);
            }
        } else {
            b = digest(personHash);
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new long[] {bb.getLong(), bb.getLong()};
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
