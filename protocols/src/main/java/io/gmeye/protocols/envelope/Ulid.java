package io.gmeye.protocols.envelope;

import java.security.SecureRandom;

/**
 * Monotonic ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32, 26 characters.
 * Made at the source, they are the idempotency key of a message all the way to storage, and they
 * sort by creation time, also within one millisecond and when the clock steps back.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Ulid SHARED = new Ulid();
    private final SecureRandom random = new SecureRandom();
    private long lastMillis;
    private long randHi; // 16 bits
    private long randLo; // 64 bits

    /** A generator of its own; most code wants the shared {@link #next()}. */
    public Ulid() {
    }

    public static String next() {
        return SHARED.generate(System.currentTimeMillis());
    }

    public static String next(long millis) {
        return SHARED.generate(millis);
    }

    public synchronized String generate(long millis) {
        if (millis <= lastMillis) {
            // same millisecond, or the clock stepped back: count on from the last id
            randLo++;
            if (randLo == 0) {
                randHi = (randHi + 1) & 0xFFFF;
            }
            millis = lastMillis;
        } else {
            lastMillis = millis;
            randHi = random.nextInt(1 << 16);
            randLo = random.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL; // headroom for increments
        }
        return encode(millis, randHi, randLo);
    }

    static String encode(long millis, long hi16, long lo64) {
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        long lo = lo64;
        long hi = hi16;
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    /** Milliseconds encoded in a ULID, or -1 when the text is not one. */
    public static long timestamp(String ulid) {
        if (ulid == null || ulid.length() != 26) {
            return -1;
        }
        long t = 0;
        for (int i = 0; i < 10; i++) {
            int v = indexOf(ulid.charAt(i));
            if (v < 0) {
                return -1;
            }
            t = (t << 5) | v;
        }
        return t;
    }

    private static int indexOf(char c) {
        char u = Character.toUpperCase(c);
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == u) {
                return i;
            }
        }
        return -1;
    }
}
