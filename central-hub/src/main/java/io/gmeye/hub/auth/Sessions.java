package io.gmeye.hub.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login sessions: an unguessable token per login that expires after {@code idle} without use and
 * in any case {@code max} after login. Held in memory: a hub restart asks everyone to log in again.
 */
public final class Sessions {
    /** A live session; times are the hub's. */
    public record Session(String token, String user, long createdAt, long lastUsed) {
    }

    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long idleMs;
    private final long maxMs;

    public Sessions(Clock clock, Duration idle, Duration max) {
        this.clock = clock;
        this.idleMs = idle.toMillis();
        this.maxMs = max.toMillis();
    }

    public Session open(String user) {
        long now = clock.millis();
        Session s = new Session(Passwords.token(), user, now, now);
        byToken.put(s.token(), s);
        return s;
    }

    /** The session for a token, touched; empty when unknown or expired (an expired one is dropped). */
    public Optional<Session> use(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = byToken.get(token);
        if (s == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (expired(s, now)) {
            byToken.remove(token);
            return Optional.empty();
        }
        Session touched = new Session(s.token(), s.user(), s.createdAt(), now);
        byToken.replace(token, s, touched);
        return Optional.of(touched);
    }

    public long expiresAt(Session s) {
        return Math.min(s.lastUsed() + idleMs, s.createdAt() + maxMs);
    }

    public long idleMs() {
        return idleMs;
    }

    public void close(String token) {
        byToken.remove(token);
    }

    /** Ends every session of a user (disabled, deleted, password changed). */
    public void closeAll(String user) {
        byToken.values().removeIf(s -> s.user().equals(user));
    }

    /** Drops expired sessions; call periodically. */
    public void sweep() {
        long now = clock.millis();
        byToken.values().removeIf(s -> expired(s, now));
    }

    public int size() {
        return byToken.size();
    }

    private boolean expired(Session s, long now) {
        return now >= expiresAt(s);
    }
}
