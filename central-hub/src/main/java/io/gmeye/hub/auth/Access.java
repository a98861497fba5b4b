package io.gmeye.hub.auth;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.ext.web.RoutingContext;

/** Who is asking, and the checks route handlers make: a role at least this, a site in scope. */
public final class Access {
    static final String KEY = "gmeye.principal";

    private Access() {
    }

    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(KEY);
        if (p == null) {
            throw new GmeyeException(ErrorKind.UNAUTHORIZED, "log in first (POST /api/v1/auth/login)");
        }
        return p;
    }

    public static Principal require(RoutingContext ctx, Role role) {
        Principal p = principal(ctx);
        if (!p.role().atLeast(role)) {
            throw GmeyeException.forbidden("this needs the " + role.wire() + " role; " + p.name() + " is " + p.role().wire());
        }
        return p;
    }

    /** The {@code site} query parameter, or null; 403 when it names a site outside the operator's scope. */
    public static String siteParam(RoutingContext ctx, Principal p) {
        String site = ctx.request().getParam("site");
        if (site == null || site.isBlank()) {
            return null;
        }
        site(p, site.trim());
        return site.trim();
    }

    /** Fails with 403 when the site is outside the operator's scope. */
    public static void site(Principal p, String site) {
        if (!p.canSee(site)) {
            throw GmeyeException.forbidden(p.name() + " may not see site " + site);
        }
    }
}
