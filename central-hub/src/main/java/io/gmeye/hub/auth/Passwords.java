package io.gmeye.hub.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 from the JDK, stored as {@code pbkdf2-sha256:iterations:salt:hash}.
 * Used for operators' passwords and agents' site secrets. Blocking by design (about 100 ms):
 * call off the event loop.
 */
public final class Passwords {
    public static final int ITERATIONS = 120_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256:" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(pbkdf2(secret, salt, ITERATIONS));
    }

    public static boolean matches(String stored, String secret) {
        String[] p = stored.split(":");
        if (p.length != 4 || !"pbkdf2-sha256".equals(p[0])) {
            throw new IllegalArgumentException("secretHash: not in the form pbkdf2-sha256:iterations:salt:hash");
        }
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = pbkdf2(secret, Base64.getDecoder().decode(p[2]), Integer.parseInt(p[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A random secret a person can type: 20 characters of base64url (120 bits). */
    public static String random() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An unguessable token: 32 random bytes, base64url. */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
