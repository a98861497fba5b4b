package io.gmeye.hub.checkpoint;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.hub.api.Responses;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpoints over HTTP:
 * <ul>
 *   <li>GET /api/v1/whitelist: the version and what each site holds</li>
 *   <li>POST /api/v1/whitelist {upserts: [{personHash, list, masked, validUntil}], removals: [hash]}: a new version; checked
 *       whole by {@link WhitelistChange} (400 with every problem)</li>
 *   <li>GET /api/v1/checkpoints/passes?checkpoint=cp-1&amp;limit=100</li>
 * </ul>
 * Alerts: {@link CheckpointAlertRoutes}.
 */
public final class CheckpointRoutes implements ApiRoutes {
    private final Vertx vertx;
    private final WhitelistService whitelist;
    private final CheckpointRecords records;

    public CheckpointRoutes(Vertx vertx, WhitelistService whitelist, CheckpointRecords records) {
        this.vertx = vertx;
        this.whitelist = whitelist;
        this.records = records;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/whitelist").handler(ctx -> {
            Access.require(ctx, Role.VIEWER);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", whitelist.version());
            m.put("sites", whitelist.siteVersions());
            Responses.json(ctx, m);
        });
        router.post("/api/v1/whitelist").handler(ctx -> {
            Principal who = Access.require(ctx, Role.ADMIN);
            WhitelistChange change = WhitelistChange.read(ctx.body() == null || ctx.body().buffer() == null ? new byte[0]
                    : ctx.body().buffer().getBytes()); // 400 with every problem: nothing half-checked is stored or pushed
            // answered once this node has applied it: the version is the one every node gives it
            Bodies.reply(ctx, whitelist.change(change.upserts(), change.removals(), who.name()).thenApply(v -> Map.of("version", v)));
        });
        router.get("/api/v1/checkpoints/passes").handler(ctx -> {
            Principal who = Access.require(ctx, Role.VIEWER);
            String cp = param(ctx, "checkpoint");
            int limit = limit(ctx);
            Responses.reply(ctx, vertx.executeBlocking(() -> records.passes(cp, limit).stream().filter(p -> who.canSee(p.site())).toList(), false));
        });
    }

    private static String param(RoutingContext ctx, String name) {
        return ctx.queryParams().get(name);
    }

    private static int limit(RoutingContext ctx) {
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(ctx.queryParams().get("limit") == null ? "100" : ctx.queryParams().get("limit"))));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
