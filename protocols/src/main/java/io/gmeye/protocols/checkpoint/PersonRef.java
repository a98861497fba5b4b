package io.gmeye.protocols.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a raw person reference (an ID number, a code's payload) becomes what may leave a site: a
 * salted hash (HMAC-SHA256 with the district's salt, hex) to key whitelists and records, and a
 * masked display form that keeps the first and last four characters (4403**********1234).
 * Whoever builds a whitelist hashes with the same salt; the raw reference never travels.
 */
public final class PersonRef {
    private final SecretKeySpec key;

    public PersonRef(String salt) {
        if (salt == null || salt.length() < 16) {
            throw new IllegalArgumentException("salt: must be at least 16 characters so hashes cannot be reversed by trying every ID number");
        }
        this.key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The salted hash of a reference, 64 hex characters. Thread-safe (a Mac per call is cheap next to a lookup). */
    public String hash(String rawRef) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(normalize(rawRef).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** 440301199001011234 becomes 4403**********1234; short references keep less. */
    public static String mask(String rawRef) {
        String r = normalize(rawRef);
        int keep = r.length() >= 12 ? 4 : r.length() >= 6 ? 2 : 0;
        StringBuilder sb = new StringBuilder(r.length());
        for (int i = 0; i < r.length(); i++) {
            sb.append(i < keep || i >= r.length() - keep ? r.charAt(i) : '*');
        }
        return sb.toString();
    }

    /** Whether a text is a hash as {@link #hash} makes it: 64 lower-case hex characters. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Whether a text is a masked form as {@link #mask} makes it: as many characters shown at each end as it shows, '*' between. */
    public static boolean isMasked(String s) {
        if (s == null || s.isEmpty() || s.length() > 128) {
            return false;
        }
        int keep = s.length() >= 12 ? 4 : s.length() >= 6 ? 2 : 0;
        for (int i = 0; i < s.length(); i++) {
            boolean shown = i < keep || i >= s.length() - keep;
            if (shown == (s.charAt(i) == '*') || Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ID numbers are written with a lower-case x now and then, and with spaces around. */
    public static String normalize(String rawRef) {
        if (rawRef == null || rawRef.isBlank()) {
            throw new IllegalArgumentException("ref: is required");
        }
        return rawRef.strip().toUpperCase(Locale.ROOT);
    }
}
