package io.gmeye.protocols.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The stored form of a device's MQTT password: {@code sha256$<salt>$<hash>} (base64). Device
 * secrets are random machine secrets, not words people choose, so one salted SHA-256 is enough
 * and keeps a reconnect storm of ten thousand devices cheap; the registry file never holds the
 * secret itself. Shared by the agent (verifies) and whoever provisions devices (the rigs).
 */
public final class DeviceSecret {
    private static final String SCHEME = "sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceSecret() {
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return hash(secret, salt);
    }

    public static String hash(String secret, byte[] salt) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(digest(salt, secret));
    }

    /** True when {@code secret} matches the stored form; false for a malformed stored form too. */
    public static boolean verify(String secret, String stored) {
        if (secret == null || stored == null) {
            return false;
        }
        String[] p = stored.split("\\$");
        if (p.length != 3 || !SCHEME.equals(p[0])) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(p[1]);
            byte[] expected = Base64.getDecoder().decode(p[2]);
            return MessageDigest.isEqual(expected, digest(salt, secret));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when the text has the stored form's shape, so a registry file can be checked at load. */
    public static boolean wellFormed(String stored) {
        String[] p = stored == null ? new String[0] : stored.split("\\$");
        if (p.length != 3 || !SCHEME.equals(p[0])) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(p[2]).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] digest(byte[] salt, String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(secret.getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
