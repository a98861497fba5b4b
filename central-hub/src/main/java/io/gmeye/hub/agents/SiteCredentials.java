package io.gmeye.hub.agents;

import io.gmeye.hub.auth.Passwords;
import io.gmeye.hub.config.HubConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks an agent's site secret. Secrets are kept as PBKDF2 hashes; a secret once verified is
 * remembered by its SHA-256 so a reconnect storm does not cost a PBKDF2 per connection. Blocking
 * (PBKDF2): call off the event loop.
 */
public final class SiteCredentials {
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public SiteCredentials(List<HubConfig.SiteSection> sites) {
        for (HubConfig.SiteSection s : sites) {
            hashes.put(s.id(), s.secretHash() != null ? s.secretHash() : hash(s.secret()));
        }
    }

    public Set<String> sites() {
        return hashes.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }

    public boolean known(String site) {
        return site != null && hashes.containsKey(site);
    }

    public boolean verify(String site, String secret) {
        String stored = site == null ? null : hashes.get(site);
        if (stored == null || secret == null) {
            return false;
        }
        if (verifiedBefore(site, secret)) {
            return true;
        }
        boolean ok = matches(stored, secret);
        if (ok) {
            verified.put(site, sha256(site + "\0" + secret));
        }
        return ok;
    }

    /** True when this very secret was verified for the site before: one SHA-256, cheap enough for the event loop. */
    public boolean verifiedBefore(String site, String secret) {
        String known = site == null || secret == null ? null : verified.get(site);
        return known != null && MessageDigest.isEqual(known.getBytes(StandardCharsets.US_ASCII),
                sha256(site + "\0" + secret).getBytes(StandardCharsets.US_ASCII));
    }

    /** The stored form of a secret: pbkdf2-sha256:iterations:salt:hash. */
    public static String hash(String secret) {
        return Passwords.hash(secret);
    }

    static boolean matches(String stored, String secret) {
        return Passwords.matches(stored, secret);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
