package io.gmeye.hub.auth;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteJob;
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
 * Operator accounts, kept in the store's registry space and in memory. Every change goes to the
 * audit log in the same write. Password hashing is the caller's (it blocks): pass hashes in.
 */
public final class Users {
    public static final int MIN_PASSWORD = 8;
    private static final String PREFIX = "user";
    private final Store store;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    public Users(Store store, Clock clock, AuditLog audit) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
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
     * On first start (no accounts at all) creates {@code admin} with the given password, or a
     * random one, and returns the password so the caller can print it once; else empty.
     */
    public Optional<String> ensureAdmin(String initialPassword) {
        if (!users.isEmpty()) {
            return Optional.empty();
        }
        String password = initialPassword != null && !initialPassword.isBlank() ? initialPassword : Passwords.random();
        long now = clock.millis();
        save("hub", "user.create", new User("admin", "Administrator", Role.ADMIN, List.of(), Passwords.hash(password), false, now, now),
                Map.of("role", "admin", "reason", "first start")).join();
        return Optional.of(password);
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
        return save(actor, "user.create", u, detail);
    }

    /** Replaces an account; {@code detail} says what changed, for the audit log. */
    public CompletableFuture<User> update(String actor, User u, Map<String, Object> detail) {
        User before = users.get(u.name());
        if (before == null) {
            return CompletableFuture.failedFuture(GmeyeException.notFound("no user " + u.name()));
        }
        if (before.role() == Role.ADMIN && (u.role() != Role.ADMIN || u.disabled()) && activeAdmins() <= 1) {
            return CompletableFuture.failedFuture(new GmeyeException(ErrorKind.CONFLICT, "user " + u.name() + " is the last active admin"));
        }
        return save(actor, "user.update", u, detail);
    }

    public CompletableFuture<Void> delete(String actor, String name) {
        User before = users.get(name);
        if (before == null) {
            return CompletableFuture.failedFuture(GmeyeException.notFound("no user " + name));
        }
        if (before.role() == Role.ADMIN && !before.disabled() && activeAdmins() <= 1) {
            return CompletableFuture.failedFuture(new GmeyeException(ErrorKind.CONFLICT, "user " + name + " is the last active admin"));
        }
        long now = clock.millis();
        return store.write(new WriteJob<Void>() {
            @Override
            public Void apply(WriteTx tx) {
                tx.delete(Space.REGISTRY, Keys.of(PREFIX, name));
                audit.record(tx, now, actor, "user.delete", "user:" + name, null, Map.of());
                return null;
            }

            @Override
            public void committed(Void v) {
                users.remove(name);
            }
        });
    }

    private long activeAdmins() {
        return users.values().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled()).count();
    }

    private CompletableFuture<User> save(String actor, String action, User u, Map<String, Object> detail) {
        long now = clock.millis();
        return store.write(new WriteJob<User>() {
            @Override
            public User apply(WriteTx tx) {
                tx.put(Space.REGISTRY, Keys.of(PREFIX, u.name()), StoredJson.write(u));
                audit.record(tx, now, actor, action, "user:" + u.name(), null, detail);
                return u;
            }

            @Override
            public void committed(User saved) {
                users.put(saved.name(), saved);
            }
        });
    }
}
