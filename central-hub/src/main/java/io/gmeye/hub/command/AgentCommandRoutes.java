package io.gmeye.hub.command;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.ext.web.Router;

/**
 * GET /api/v1/agent-commands/{id}: a command the hub sent to an agent for a camera or a GB/T 28181
 * device (camera.ptz, gb28181.catalog, snapshot...) with the state it reached and the reason.
 * Operators' commands to field devices are another store's: GET /api/v1/commands/{id}.
 */
public final class AgentCommandRoutes implements ApiRoutes {
    private final CommandService commands;

    public AgentCommandRoutes(CommandService commands) {
        this.commands = commands;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/agent-commands/:id").handler(ctx -> {
            Principal p = Access.principal(ctx);
            String id = ctx.pathParam("id");
            Responses.reply(ctx, ctx.vertx().executeBlocking(() -> {
                CommandRecord r = commands.find(id);
                if (r == null) {
                    throw GmeyeException.notFound("no command " + id);
                }
                Access.site(p, r.site());
                return r;
            }, false));
        });
    }
}
