package io.gmeye.hub.auth;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operator accounts, kept in the store's registry space and in memory. Every change is a command
 * in the hub's log (so every node of a cluster has the same accounts) and goes to the audit log in
 * the same write. Password hashing is the caller's (it blocks): pass hashes in.
 */
public final class Users {
    public static final int MIN_PASSWORD = 8;
    private static final String PREFIX = "user";
    private static final byte[] FIRST_ADMIN = Keys.of("users", "first-admin");
    private final Store store;
    private final Commands commands;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    /** An account made or replaced; {@code create}: refused if it exists, else refused if it does not. */
    record Save(String actor, String action, User user, Map<String, Object> detail, boolean create) {
    }

    record Delete(String actor, String name) {
    }

    /** The first admin, made once however many nodes start at once. */
    record FirstAdmin(User admin) {
    }

    public Users(Store store, Commands commands, Clock clock, AuditLog audit) {
        this.store = store;
        this.commands = commands;
        this.clock = clock;
        this.audit = audit;
        commands.on("user.save", Save.class, Commands.handler((c, at, tx) -> {
            User before = read(tx, c.user().name());
            if (c.create() && before != null) {
                throw new GmeyeException(ErrorKind.CONFLICT, "user " + c.user().name() + " exists already");
            }
            if (!c.create() && before == null) {
                throw GmeyeException.notFound("no user " + c.user().name());
            }
            if (before != null && before.role() == Role.ADMIN && (c.user().role() != Role.ADMIN || c.user().disabled()) && activeAdmins() <= 1) {
                throw new GmeyeException(ErrorKind.CONFLICT, "user " + c.user().name() + " is the last active admin");
            }
            tx.put(Space.REGISTRY, Keys.of(PREFIX, c.user().name()), StoredJson.write(c.user()));
            audit.record(tx, at, c.actor(), c.action(), "user:" + c.user().name(), null, c.detail());
            return c.user();
        }, (c, saved) -> {
            users.put(saved.name(), saved);
        }));
        commands.on("user.delete", Delete.class, Commands.handler((c, at, tx) -> {
            User before = read(tx, c.name());
            if (before == null) {
                throw GmeyeException.notFound("no user " + c.name());
            }
            if (before.role() == Role.ADMIN && !before.disabled() && activeAdmins() <= 1) {
                throw new GmeyeException(ErrorKind.CONFLICT, "user " + c.name() + " is the last active admin");
            }
            tx.delete(Space.REGISTRY, Keys.of(PREFIX, c.name()));
            audit.record(tx, at, c.actor(), "user.delete", "user:" + c.name(), null, Map.of());
            return c.name();
        }, (c, name) -> {
            users.remove(name);
        }));
        commands.on("user.first-admin", FirstAdmin.class, Commands.handler((c, at, tx) -> {
            if (tx.get(Space.META, FIRST_ADMIN) != null || read(tx, c.admin().name()) != null) {
                return false; // another node's first start made it
            }
            tx.put(Space.META, FIRST_ADMIN, new byte[] {1});
            tx.put(Space.REGISTRY, Keys.of(PREFIX, c.admin().name()), StoredJson.write(c.admin()));
            audit.record(tx, at, "hub", "user.create", "user:" + c.admin().name(), null, Map.of("role", "admin", "reason", "first start"));
            return true;
        }, (c, made) -> {
            if (made) {
                users.put(c.admin().name(), c.admin());
            }
        }));
    }

    private static User read(WriteTx tx, String name) {
        byte[] b = tx.get(Space.REGISTRY, Keys.of(PREFIX, name));
        return b == null ? null : StoredJson.read(b, User.class);
    }

    /** Loads the accounts; blocking, at start. */
    public void load() {
        store.scan(Space.REGISTRY, Keys.prefix(PREFIX), false, (k, v) -> {
            User u = StoredJson.read(v, User.class);
            users.put(u.name(), u);
            return true;
        });
    }

    /**
     * On first start (no accounts at all, once the log is applied) makes {@code admin} with the
     * given password, or a random one, and returns the password so the caller can print it once;
     * else empty (also when another node of the cluster made it first). Blocking.
     */
    public Optional<String> ensureAdmin(String initialPassword) {
        if (!users.isEmpty()) {
            return Optional.empty();
        }
        String password = initialPassword != null && !initialPassword.isBlank() ? initialPassword : Passwords.random();
        long now = clock.millis();
        User admin = new User("admin", "Administrator", Role.ADMIN, List.of(), Passwords.hash(password), false, now, now);
        Boolean made = commands.<Boolean>submit("user.first-admin", LogRecord.HUB, new FirstAdmin(admin)).join();
        return Boolean.TRUE.equals(made) ? Optional.of(password) : Optional.empty();
    }

    public Optional<User> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(users.get(name));
    }

    public List<User> all() {
        List<User> out = new ArrayList<>(users.values());
        out.sort(Comparator.comparing(User::name));
        return out;
    }

    public static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw GmeyeException.badRequest("password: must be at least " + MIN_PASSWORD + " characters");
        }
    }

    public CompletableFuture<User> create(String actor, User u) {
        if (users.containsKey(u.name())) {
            return CompletableFuture.failedFuture(new GmeyeException(ErrorKind.CONFLICT, "user " + u.name() + " exists already"));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("role", u.role().wire());
        detail.put("sites", u.sites());
        return commands.submit("user.save", LogRecord.HUB, new Save(actor, "user.create", u, detail, true));
    }

    /** Replaces an account; {@code detail} says what changed, for the audit log. */
    public CompletableFuture<User> update(String actor, User u, Map<String, Object> detail) {
        if (!users.containsKey(u.name())) {
            return CompletableFuture.failedFuture(GmeyeException.notFound("no user " + u.name()));
        }
        return commands.submit("user.save", LogRecord.HUB, new Save(actor, "user.update", u, detail, false));
    }

    public CompletableFuture<Void> delete(String actor, String name) {
        if (!users.containsKey(name)) {
            return CompletableFuture.failedFuture(GmeyeException.notFound("no user " + name));
        }
        return commands.submit("user.delete", LogRecord.HUB, new Delete(actor, name)).thenApply(x -> null);
    }

    /** Active admins as applied so far (all account changes are one partition's records, applied in order). */
    private long activeAdmins() {
        return users.values().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled()).count();
    }
}
