package io.gmeye.hub.workitems;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.inspection.Snapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * The work item queue: GET /api/v1/workitems (filtered, newest first, with counts per state),
 * GET /api/v1/workitems/{id} (with its trail), POST /api/v1/workitems/{id}/actions (state,
 * assignee, note: operators), and GET /api/v1/snapshots/{id} (the JPEGs events point at).
 */
public final class WorkItemRoutes implements ApiRoutes {
    private final WorkItems items;
    private final Store store;

    public WorkItemRoutes(WorkItems items, Store store) {
        this.items = items;
        this.store = store;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/workitems").handler(ctx -> {
            WorkQuery q = query(ctx, Access.principal(ctx));
            Bodies.blocking(ctx, () -> items.list(q));
        });
        router.get("/api/v1/workitems/:id").handler(ctx -> {
            Principal p = Access.principal(ctx);
            String id = Params.path(ctx, "id");
            Bodies.blocking(ctx, () -> {
                WorkItem w = items.get(id);
                if (w == null) {
                    throw GmeyeException.notFound("no work item " + id);
                }
                Access.site(p, w.site());
                return w;
            });
        });
        router.post("/api/v1/workitems/:id/actions").handler(ctx -> {
            Principal p = Access.require(ctx, Role.OPERATOR);
            WorkItems.Action a = Bodies.read(ctx, WorkItems.Action.class);
            Bodies.reply(ctx, items.act(p, Params.path(ctx, "id"), a));
        });
        router.get("/api/v1/snapshots/:id").handler(this::snapshot);
    }

    private WorkQuery query(RoutingContext ctx, Principal p) {
        String site = Access.siteParam(ctx, p);
        Set<WorkState> states = EnumSet.noneOf(WorkState.class);
        String stateList = Params.text(ctx, "state");
        if (stateList != null) {
            for (String s : stateList.split(",")) {
                if ("open".equals(s.trim())) {
                    states.addAll(EnumSet.of(WorkState.NEW, WorkState.ACKNOWLEDGED, WorkState.DISPATCHED));
                    continue;
                }
                try {
                    states.add(WorkState.of(s.trim()));
                } catch (IllegalArgumentException e) {
                    throw GmeyeException.badRequest("state: " + e.getMessage() + " (or open)");
                }
            }
        }
        return new WorkQuery(p.scope(), site, Params.parsed(ctx, "kind", WorkKind::of), states, Params.text(ctx, "scene"), Params.text(ctx, "type"),
                Params.text(ctx, "tag"), Params.text(ctx, "camera"), Params.text(ctx, "checkpoint"), Params.text(ctx, "assignee"),
                Params.time(ctx, "from", Long.MIN_VALUE), Params.time(ctx, "to", Long.MAX_VALUE),
                Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE), Params.integer(ctx, "limit", 50, 1, 500));
    }

    private void snapshot(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        String id = Params.path(ctx, "id");
        ctx.vertx().executeBlocking(() -> {
            byte[] envelope = store.get(Space.MESSAGES, Keys.bytes(id));
            byte[] jpeg = envelope == null ? null : store.get(Space.BLOBS, Keys.bytes(id));
            if (jpeg == null) {
                throw GmeyeException.notFound("no snapshot " + id);
            }
            JsonNode e = Json.mapper().readTree(envelope);
            Access.site(p, e.path("site").asText());
            return jpeg;
        }, false).onFailure(e -> Responses.fail(ctx, e)).onSuccess(jpeg -> ctx.response()
                .putHeader("content-type", Snapshot.CONTENT_TYPE)
                .putHeader("cache-control", "private, max-age=86400, immutable") // a snapshot never changes
                .end(Buffer.buffer(jpeg)));
    }
}
