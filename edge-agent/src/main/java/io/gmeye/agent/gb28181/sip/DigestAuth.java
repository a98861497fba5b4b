package io.gmeye.agent.gb28181.sip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP digest (RFC 2617, MD5, with or without qop=auth) as GB/T 28181 devices use it to REGISTER.
 * Nonces carry their issue time and a MAC of it, so any nonce the agent gave out in the last
 * {@code nonceLifeMs} is checked without remembering it, and an old one is answered "stale".
 */
public final class DigestAuth {
    public enum Verdict { OK, STALE, WRONG }

    /** The Authorization header's fields. {@code nc}, {@code cnonce} and {@code qop} may be null. */
    public record Answer(String username, String realm, String nonce, String uri, String response, String qop, String nc,
                         String cnonce) {
    }

    private static final HexFormat HEX = HexFormat.of();
    private final String realm;
    private final Clock clock;
    private final long nonceLifeMs;
    private final SecretKeySpec key;

    public DigestAuth(String realm, Clock clock, long nonceLifeMs) {
        this.realm = realm;
        this.clock = clock;
        this.nonceLifeMs = nonceLifeMs;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String realm() {
        return realm;
    }

    public String newNonce() {
        byte[] time = ByteBuffer.allocate(8).putLong(clock.millis()).array();
        return HEX.formatHex(time) + HEX.formatHex(mac(time));
    }

    /** Checks a device's answer against its password. */
    public Verdict check(String method, Answer a, String password) {
        if (a.username() == null || a.nonce() == null || a.uri() == null || a.response() == null || !realm.equals(a.realm())) {
            return Verdict.WRONG;
        }
        String expected = response(method, a, password);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                a.response().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.WRONG;
        }
        return nonceFresh(a.nonce()) ? Verdict.OK : Verdict.STALE;
    }

    static String response(String method, Answer a, String password) {
        String ha1 = md5(a.username() + ":" + a.realm() + ":" + password);
        String ha2 = md5(method + ":" + a.uri());
        if (a.qop() != null && a.qop().equalsIgnoreCase("auth")) {
            return md5(ha1 + ":" + a.nonce() + ":" + a.nc() + ":" + a.cnonce() + ":" + a.qop() + ":" + ha2);
        }
        return md5(ha1 + ":" + a.nonce() + ":" + ha2);
    }

    private boolean nonceFresh(String nonce) {
        if (nonce.length() != 16 + 64) {
            return false;
        }
        byte[] time;
        try {
            time = HEX.parseHex(nonce, 0, 16);
            if (!MessageDigest.isEqual(mac(time), HEX.parseHex(nonce, 16, nonce.length()))) {
                return false;
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        long issued = ByteBuffer.wrap(time).getLong();
        long age = clock.millis() - issued;
        return age >= 0 && age <= nonceLifeMs;
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(String s) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
