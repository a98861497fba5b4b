package io.gmeye.hub.auth;

import io.gmeye.hub.cluster.Leadership;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.platform.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions: an unguessable token per login that expires after {@code idle} without use and
 * in any case {@code max} after login. Kept in the store, so a hub restart logs no one out, and in
 * memory, so the gate in front of every request reads no disk.
 * <p>
 * At rest a session sits under the SHA-256 of its token: a copy of the database yields no token
 * that works. A session also carries a stamp of its account (name, creation, password hash), so an
 * account deleted and made again, or a changed password, never revives an old session, even where
 * ending it was lost in a crash. The operator's role and sites are read from the account on every
 * request, never from the session. Use is written to the store at most every {@code touchMs}, so
 * a restart can end an idle session up to that much early, never late.
 * <p>
 * Opening, use and ending are commands in the hub's log: a session made on one node of a cluster
 * works on every node, and a logout on one ends it on all. Expiry is the leader's decision in the
 * log, made from the last uses the log holds and applied only to a session not used since on any
 * node (a node refuses an expired token at once, but only the decision forgets it), so every node
 * forgets the same sessions at the same point of the log.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    /** Logins kept per account; a new login beyond this ends the one unused the longest. */
    static final int MAX_PER_USER = 50;

    /** A session as stored, under the hash of its token; times are the hub's. */
    public record Session(String user, long createdAt, long lastUsed, String stamp) {
    }

    /** A new login: the token goes to the operator once and is kept nowhere. */
    public record Opened(String token, Session session) {
    }

    /** A session in memory and the last use the store has of it. */
    private record Live(Session session, long savedLastUsed) {
    }

    record Open(String hash, Session session, List<String> evicted) {
    }

    record Touch(String hash, Session used) {
    }

    record Close(List<String> hashes, String why) {
    }

    /**
     * The leader's decision that these sessions expired: each is forgotten only if, at the record's
     * time, it is {@code idleMs} past its last use in the log or {@code maxMs} past its login.
     */
    record Expire(List<String> hashes, long idleMs, long maxMs) {
    }

    private final Map<String, Live> byHash = new ConcurrentHashMap<>();
    private final Store store;
    private final Commands commands;
    private final Commands decisions;
    private final Leadership leadership;
    private final Users users;
    private final Clock clock;
    private final Metrics metrics;
    private final long idleMs;
    private final long maxMs;
    private final long touchMs;

    /**
     * @param commands   the hub's log of operators' writes: logins, uses, logouts
     * @param decisions  the hub's log of decisions: the leader's expiries
     * @param leadership whether this node decides expiry (the embedded hub always does)
     */
    public Sessions(Store store, Commands commands, Commands decisions, Leadership leadership, Users users, Clock clock, Duration idle,
                    Duration max, Metrics metrics) {
        this.store = store;
        this.commands = commands;
        this.decisions = decisions;
        this.leadership = leadership;
        this.users = users;
        this.clock = clock;
        this.metrics = metrics;
        this.idleMs = idle.toMillis();
        this.maxMs = max.toMillis();
        this.touchMs = Math.max(1_000, Math.min(60_000, idleMs / 10));
        metrics.gauge("gmeye.sessions.live", byHash::size);
        commands.on("session.open", Open.class, Commands.handler((c, at, tx) -> {
            c.evicted().forEach(h -> tx.delete(Space.SESSIONS, Keys.bytes(h)));
            tx.put(Space.SESSIONS, Keys.bytes(c.hash()), StoredJson.write(c.session()));
            return c.session();
        }, (c, saved) -> {
            c.evicted().forEach(byHash::remove);
            byHash.put(c.hash(), new Live(saved, saved.lastUsed()));
            metrics.count("gmeye.sessions", "event", "opened");
        }));
        commands.on("session.touch", Touch.class, Commands.handler((c, at, tx) -> {
            if (tx.get(Space.SESSIONS, Keys.bytes(c.hash())) == null) {
                return false; // closed meanwhile: never revive a logout
            }
            tx.put(Space.SESSIONS, Keys.bytes(c.hash()), StoredJson.write(c.used()));
            return true;
        }, (c, kept) -> {
            if (kept) {
                // the use another node saw; this node may have seen a later one itself
                byHash.computeIfPresent(c.hash(), (h, l) -> l.session().lastUsed() >= c.used().lastUsed() ? l
                        : new Live(c.used(), c.used().lastUsed()));
            }
        }));
        commands.on("session.close", Close.class, Commands.handler((c, at, tx) -> {
            c.hashes().forEach(h -> tx.delete(Space.SESSIONS, Keys.bytes(h)));
            return c.hashes().size();
        }, (c, n) -> {
            c.hashes().forEach(byHash::remove);
            metrics.count("gmeye.sessions", n, "event", c.why());
        }));
        decisions.on(EXPIRE, Expire.class, Commands.handler((c, at, tx) -> {
            List<String> gone = new ArrayList<>();
            for (String h : c.hashes()) {
                byte[] v = tx.get(Space.SESSIONS, Keys.bytes(h));
                Session s = v == null ? null : StoredJson.read(v, Session.class);
                // used on some node after the leader's cut-off (its use is in the log before this record): it stays
                if (s != null && at >= Math.min(s.lastUsed() + c.idleMs(), s.createdAt() + c.maxMs())) {
                    tx.delete(Space.SESSIONS, Keys.bytes(h));
                    gone.add(h);
                }
            }
            return gone;
        }, (c, gone) -> {
            gone.forEach(byHash::remove);
            metrics.count("gmeye.sessions", gone.size(), "event", "expired");
        }));
    }

    static final String EXPIRE = "session.expire";

    /**
     * Loads the stored sessions; blocking, at start. Expired ones stay until the leader's decision
     * forgets them (they are refused meanwhile): a node behind the log may yet apply uses that
     * other nodes saw while it was down.
     */
    public void load() {
        List<String> dead = new ArrayList<>();
        store.scan(Space.SESSIONS, new byte[0], false, (k, v) -> {
            String hash = Keys.text(k);
            try {
                Session s = StoredJson.read(v, Session.class);
                byHash.put(hash, new Live(s, s.lastUsed()));
            } catch (RuntimeException e) {
                LOG.warn("dropping a stored session that cannot be read: {}", e.getMessage());
                dead.add(hash);
            }
            return true;
        });
        if (!dead.isEmpty()) {
            // before the log runs: a record no hub version can read serves no one
            store.write(tx -> {
                dead.forEach(h -> tx.delete(Space.SESSIONS, Keys.bytes(h)));
                return null;
            }).join();
        }
    }

    /** Opens a session for an account; completes once it is durable. */
    public CompletableFuture<Opened> open(User u) {
        long now = clock.millis();
        String token = Passwords.token();
        String hash = hash(token);
        Session s = new Session(u.name(), now, now, stamp(u));
        List<String> evicted = leastRecentlyUsed(u.name(), MAX_PER_USER - 1);
        return commands.<Session>submit("session.open", LogRecord.HUB, new Open(hash, s, evicted)).thenApply(saved -> new Opened(token, saved));
    }

    /**
     * The operator behind a token, as the account is now; empty when the token is unknown, the
     * session has expired, or its account is gone, disabled or has a new password. Marks the
     * session used. Reads memory only: safe on an event loop.
     */
    public Optional<Principal> principal(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String hash = hash(token);
        Live l = byHash.get(hash);
        if (l == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Session s = l.session();
        if (expired(s, now)) {
            return Optional.empty(); // refused now; forgotten when the leader's decision comes through the log
        }
        Optional<User> u = users.find(s.user()).filter(x -> !x.disabled() && stamp(x).equals(s.stamp()));
        if (u.isEmpty()) {
            end(hash, "revoked");
            return Optional.empty();
        }
        touch(hash, l, now);
        return Optional.of(u.get().principal());
    }

    public long expiresAt(Session s) {
        return Math.min(s.lastUsed() + idleMs, s.createdAt() + maxMs);
    }

    public long idleMs() {
        return idleMs;
    }

    /** Ends a session (logout); completes once the store has forgotten it. */
    public CompletableFuture<Void> close(String token) {
        if (token == null) {
            return CompletableFuture.completedFuture(null);
        }
        String hash = hash(token);
        byHash.remove(hash);
        return delete(List.of(hash), "closed");
    }

    /** Ends every session of an account (disabled, deleted, password changed). */
    public CompletableFuture<Void> closeAll(String user) {
        List<String> hashes = new ArrayList<>();
        byHash.forEach((h, l) -> {
            if (l.session().user().equals(user)) {
                hashes.add(h);
            }
        });
        hashes.forEach(byHash::remove);
        return delete(hashes, "closed");
    }

    /**
     * If this node leads: decides which sessions expired and puts the decision into the log;
     * completes once this node applied it (call periodically). An idle session is judged
     * {@code touchMs} late, the most a use another node saw may lag in the log, so a use anywhere
     * before the cut-off keeps it.
     */
    public CompletableFuture<Void> sweep() {
        if (!leadership.leading()) {
            return CompletableFuture.completedFuture(null);
        }
        long now = clock.millis();
        List<String> dead = new ArrayList<>();
        byHash.forEach((h, l) -> {
            if (now >= Math.min(l.session().lastUsed() + idleMs + touchMs, l.session().createdAt() + maxMs)) {
                dead.add(h);
            }
        });
        return dead.isEmpty() ? CompletableFuture.completedFuture(null) : decideExpiry(dead);
    }

    /** Puts an expiry decision into the log, in order with the sessions' uses; completes once this node applied it. */
    CompletableFuture<Void> decideExpiry(List<String> hashes) {
        return decisions.<List<String>>submit(EXPIRE, LogRecord.HUB, new Expire(List.copyOf(hashes), idleMs + touchMs, maxMs))
                .handle((gone, e) -> {
            if (e != null) {
                LOG.warn("the expiry of {} session(s) did not reach the log (decided again on the next sweep): {}", hashes.size(), e.getMessage());
            }
            return null;
        });
    }

    public int size() {
        return byHash.size();
    }

    /** The session a token opens as this node holds it, without using it. */
    Optional<Session> held(String token) {
        return Optional.ofNullable(byHash.get(hash(token))).map(Live::session);
    }

    private void touch(String hash, Live l, long now) {
        Session used = new Session(l.session().user(), l.session().createdAt(), now, l.session().stamp());
        boolean save = now - l.savedLastUsed() >= touchMs;
        if (byHash.replace(hash, l, new Live(used, save ? now : l.savedLastUsed())) && save) {
            commands.submit("session.touch", LogRecord.HUB, new Touch(hash, used))
                    .whenComplete((v, e) -> {
                if (e != null) {
                    metrics.count("gmeye.sessions.write_failures");
                    LOG.warn("the use of a session of {} was not stored (a restart may end it early): {}", used.user(), e.getMessage());
                }
            });
        }
    }

    private void end(String hash, String why) {
        if (byHash.remove(hash) != null) {
            delete(List.of(hash), why);
        }
    }

    private CompletableFuture<Void> delete(List<String> hashes, String why) {
        if (hashes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return commands.<Integer>submit("session.close", LogRecord.HUB, new Close(List.copyOf(hashes), why)).thenApply(n -> (Void) null)
                .whenComplete((v, e) -> {
            if (e != null) {
                metrics.count("gmeye.sessions.write_failures");
                LOG.warn("{} {} session(s) not yet removed from the store (purged at the next start): {}", why, hashes.size(), e.getMessage());
            }
        });
    }

    /** The sessions of a user beyond the newest {@code keep}, least recently used first. */
    private List<String> leastRecentlyUsed(String user, int keep) {
        List<Map.Entry<String, Live>> mine = new ArrayList<>();
        byHash.forEach((h, l) -> {
            if (l.session().user().equals(user)) {
                mine.add(Map.entry(h, l));
            }
        });
        if (mine.size() <= keep) {
            return List.of();
        }
        mine.sort(Comparator.comparingLong(e -> e.getValue().session().lastUsed()));
        return mine.subList(0, mine.size() - keep).stream().map(Map.Entry::getKey).toList();
    }

    private boolean expired(Session s, long now) {
        return now >= expiresAt(s);
    }

    /** What a session is stored under: the token's SHA-256 (the token has 256 random bits, so no salt is needed). */
    static String hash(String token) {
        return sha256(token);
    }

    /** The account a session belongs to: changes when the account is made again or its password changes. */
    static String stamp(User u) {
        return sha256(u.name() + "|" + u.createdAt() + "|" + u.passwordHash());
    }

    private static String sha256(String text) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
