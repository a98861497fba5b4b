package io.gmeye.hub.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Key building: text parts joined by '|', numbers as 8 big-endian bytes so they sort. */
public final class Keys {
    private Keys() {
    }

    public static byte[] of(String... parts) {
        return String.join("|", parts).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] prefix(String... parts) {
        return (String.join("|", parts) + "|").getBytes(StandardCharsets.UTF_8);
    }

    /** prefix|8-byte time|suffix: time-ordered within the prefix. */
    public static byte[] timed(String prefix, long time, String suffix) {
        byte[] p = (prefix + "|").getBytes(StandardCharsets.UTF_8);
        byte[] s = ("|" + suffix).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(p.length + 8 + s.length).put(p).putLong(time).put(s).array();
    }

    public static long timeOf(byte[] timedKey, int prefixLength) {
        return ByteBuffer.wrap(timedKey, prefixLength, 8).getLong();
    }

    public static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
