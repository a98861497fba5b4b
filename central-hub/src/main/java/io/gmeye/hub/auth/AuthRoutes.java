package io.gmeye.hub.auth;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.audit.AuditEntry;
import io.gmeye.hub.audit.AuditLog;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.platform.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login, logout, who am I; operator accounts and the audit log for admins; and the gate in front
 * of every other /api/v1 route: a session (cookie {@value #COOKIE} or {@code Authorization:
 * Bearer TOKEN}) or 401. Mount this before every other feature's routes.
 */
public final class AuthRoutes implements ApiRoutes {
    public static final String COOKIE = "gm_session";
    private static final int MAX_FAILURES = 5;
    private static final long FAILURE_WINDOW_MS = 5 * 60_000;

    /** The login form. */
    public record Login(String user, String password) {
    }

    /** A new account, or the changes to one (absent fields stay as they are). */
    public record UserForm(String name, String displayName, Role role, List<String> sites, String password, Boolean disabled) {
    }

    private final Users users;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, long[]> failures = new ConcurrentHashMap<>(); // user -> {count, window start}

    public AuthRoutes(Users users, Sessions sessions, AuditLog audit, Clock clock, Metrics metrics) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/auth/login").handler(this::login);
        router.route("/api/v1/*").handler(this::authenticate);
        router.post("/api/v1/auth/logout").handler(this::logout);
        router.get("/api/v1/auth/me").handler(ctx -> Responses.json(ctx, me(Access.principal(ctx), ctx)));
        router.get("/api/v1/users").handler(ctx -> {
            Access.require(ctx, Role.ADMIN);
            Responses.json(ctx, users.all().stream().map(User::view).toList());
        });
        router.post("/api/v1/users").handler(this::createUser);
        router.put("/api/v1/users/:name").handler(this::updateUser);
        router.delete("/api/v1/users/:name").handler(ctx -> {
            Principal p = Access.require(ctx, Role.ADMIN);
            String name = Params.path(ctx, "name");
            Bodies.reply(ctx, users.delete(p.name(), name).thenCompose(v -> sessions.closeAll(name)).thenApply(v -> Map.of("deleted", name)));
        });
        router.get("/api/v1/audit").handler(ctx -> {
            Access.require(ctx, Role.ADMIN);
            long before = Params.time(ctx, "before", Long.MAX_VALUE);
            int limit = Params.integer(ctx, "limit", 100, 1, 1000);
            String actor = Params.text(ctx, "actor");
            String target = Params.text(ctx, "target");
            Bodies.blocking(ctx, () -> audit.newest(before, limit, (AuditEntry e) ->
                    (actor == null || actor.equals(e.actor())) && (target == null || target.equals(e.target()))));
        });
    }

    // ---- the gate ----

    private void authenticate(RoutingContext ctx) {
        String token = token(ctx);
        Optional<Principal> p = sessions.principal(token);
        if (p.isEmpty()) {
            metrics.count("gmeye.api.auth", "outcome", token == null ? "no_session" : "expired");
            Responses.fail(ctx, new GmeyeException(ErrorKind.UNAUTHORIZED,
                    token == null ? "log in first (POST /api/v1/auth/login)" : "the session has expired or was closed: log in again"));
            return;
        }
        ctx.put(Access.KEY, p.get());
        ctx.next();
    }

    /** The session token of a request: the bearer token, else the session cookie; null when neither. */
    public static String token(RoutingContext ctx) {
        String h = ctx.request().getHeader("authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        Cookie c = ctx.request().getCookie(COOKIE);
        return c == null ? null : c.getValue();
    }

    // ---- login / logout ----

    private void login(RoutingContext ctx) {
        Login form = Bodies.read(ctx, Login.class);
        if (form.user() == null || form.password() == null) {
            throw GmeyeException.badRequest("user, password: both are required");
        }
        long now = clock.millis();
        long[] f = failures.get(form.user());
        if (f != null && now - f[1] < FAILURE_WINDOW_MS && f[0] >= MAX_FAILURES) {
            metrics.count("gmeye.api.logins", "outcome", "throttled");
            throw new GmeyeException(ErrorKind.RATE_LIMITED, "too many failed logins for " + form.user() + "; try again in a few minutes");
        }
        Optional<User> u = users.find(form.user());
        ctx.vertx().executeBlocking(() -> u.isPresent() && !u.get().disabled() && Passwords.matches(u.get().passwordHash(), form.password()), false)
                .onFailure(e -> Responses.fail(ctx, e))
                .onSuccess(ok -> {
                    if (!ok) {
                        failures.compute(form.user(), (k, old) -> old == null || now - old[1] >= FAILURE_WINDOW_MS ? new long[] {1, now}
                                : new long[] {old[0] + 1, old[1]});
                        metrics.count("gmeye.api.logins", "outcome", "refused");
                        Responses.fail(ctx, new GmeyeException(ErrorKind.UNAUTHORIZED, "wrong user name or password"));
                        return;
                    }
                    failures.remove(form.user());
                    Future.fromCompletionStage(sessions.open(u.get()), ctx.vertx().getOrCreateContext())
                            .onFailure(e -> Responses.fail(ctx, e))
                            .onSuccess(s -> {
                                metrics.count("gmeye.api.logins", "outcome", "accepted");
                                ctx.response().addCookie(Cookie.cookie(COOKIE, s.token()).setPath("/").setHttpOnly(true)
                                        .setSameSite(CookieSameSite.STRICT).setMaxAge(sessions.idleMs() / 1000));
                                Map<String, Object> body = me(u.get().principal(), null);
                                body.put("token", s.token());
                                body.put("expiresAt", sessions.expiresAt(s.session()));
                                Responses.json(ctx, body);
                            });
                });
    }

    /** Answers once the store has forgotten the session, so a restart cannot bring it back. */
    private void logout(RoutingContext ctx) {
        Future.fromCompletionStage(sessions.close(token(ctx)), ctx.vertx().getOrCreateContext())
                .onFailure(e -> Responses.fail(ctx, e))
                .onSuccess(v -> {
                    ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0));
                    Responses.json(ctx, Map.of("loggedOut", true));
                });
    }

    private Map<String, Object> me(Principal p, RoutingContext ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", p.name());
        m.put("displayName", users.find(p.name()).map(User::displayName).orElse(p.name()));
        m.put("role", p.role().wire());
        m.put("sites", p.sites());
        return m;
    }

    // ---- accounts ----

    private void createUser(RoutingContext ctx) {
        Principal admin = Access.require(ctx, Role.ADMIN);
        UserForm form = Bodies.read(ctx, UserForm.class);
        Users.checkPassword(form.password());
        if (form.role() == null) {
            throw GmeyeException.badRequest("role: is required (admin, operator or viewer)");
        }
        long now = clock.millis();
        Bodies.reply(ctx, ctx.vertx().executeBlocking(() -> Passwords.hash(form.password()), false).toCompletionStage()
                .thenCompose(hash -> users.create(admin.name(), new User(form.name(), form.displayName(), form.role(), form.sites(), hash,
                        Boolean.TRUE.equals(form.disabled()), now, now)))
                .thenApply(User::view));
    }

    private void updateUser(RoutingContext ctx) {
        Principal admin = Access.require(ctx, Role.ADMIN);
        String name = Params.path(ctx, "name");
        UserForm form = Bodies.read(ctx, UserForm.class);
        User before = users.find(name).orElseThrow(() -> GmeyeException.notFound("no user " + name));
        if (form.password() != null) {
            Users.checkPassword(form.password());
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (form.role() != null && form.role() != before.role()) {
            changed.put("role", before.role().wire() + " -> " + form.role().wire());
        }
        if (form.sites() != null && !form.sites().equals(before.sites())) {
            changed.put("sites", form.sites());
        }
        if (form.disabled() != null && form.disabled() != before.disabled()) {
            changed.put("disabled", form.disabled());
        }
        if (form.displayName() != null) {
            changed.put("displayName", form.displayName());
        }
        if (form.password() != null) {
            changed.put("password", "changed");
        }
        long now = clock.millis();
        Bodies.reply(ctx, ctx.vertx().executeBlocking(() -> form.password() == null ? before.passwordHash() : Passwords.hash(form.password()), false)
                .toCompletionStage()
                .thenCompose(hash -> users.update(admin.name(), new User(name, form.displayName() != null ? form.displayName() : before.displayName(),
                        form.role() != null ? form.role() : before.role(), form.sites() != null ? form.sites() : before.sites(), hash,
                        form.disabled() != null ? form.disabled() : before.disabled(), before.createdAt(), now), changed))
                .thenCompose(u -> u.disabled() || form.password() != null ? sessions.closeAll(name).thenApply(v -> u) : CompletableFuture.completedFuture(u))
                .thenApply(User::view));
    }
}
