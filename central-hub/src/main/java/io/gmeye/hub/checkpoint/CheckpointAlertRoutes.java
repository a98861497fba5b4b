package io.gmeye.hub.checkpoint;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * Checkpoint alerts over HTTP: GET /api/v1/checkpoints/alerts?state=discovered&amp;limit=100 and
 * POST /api/v1/checkpoints/alerts/{id}/state {state, note}, on the alert's one state (its work item).
 */
public final class CheckpointAlertRoutes implements ApiRoutes {
    private final CheckpointAlerts alerts;

    public CheckpointAlertRoutes(CheckpointAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/checkpoints/alerts").handler(ctx -> {
            Principal who = Access.require(ctx, Role.VIEWER);
            AlertState state = Params.parsed(ctx, "state", AlertState::of);
            int limit = Params.integer(ctx, "limit", 100, 1, 1000);
            Bodies.blocking(ctx, () -> alerts.list(who, state, limit));
        });
        router.post("/api/v1/checkpoints/alerts/:id/state").handler(ctx -> {
            Principal who = Access.require(ctx, Role.OPERATOR);
            // a body that is not a JSON object is refused with a reason (an array here was a 500: RestFuzzIT)
            Map<?, ?> body = ctx.body() == null || ctx.body().length() == 0 ? Map.of() : Bodies.read(ctx, Map.class);
            AlertState to;
            try {
                to = AlertState.of(String.valueOf(body.get("state")));
            } catch (IllegalArgumentException e) {
                Responses.fail(ctx, GmeyeException.badRequest("state: " + e.getMessage()));
                return;
            }
            Object note = body.get("note");
            Responses.reply(ctx, Future.fromCompletionStage(alerts.advance(who, Params.path(ctx, "id"), to, note == null ? null : note.toString()),
                    ctx.vertx().getOrCreateContext()).compose(w -> ctx.vertx().executeBlocking(() -> alerts.view(w), false)));
        });
    }
}
