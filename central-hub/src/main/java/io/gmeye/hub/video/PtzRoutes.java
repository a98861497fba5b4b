package io.gmeye.hub.video;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.PtzRequest;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POST /api/v1/cameras/{id}/ptz (operator): turns a PTZ camera, GB/T 28181 or ONVIF, through its
 * agent as a command {@code camera.ptz} with states (queued, delivered, succeeded or failed,
 * timed_out); the answer carries the command id and its final state, and
 * {@code GET /api/v1/agent-commands/{id}} shows it later. 404 unknown camera, 409 not a PTZ camera, 400
 * a bad request, 503 agent or camera unreachable, 504 no answer in time.
 */
public final class PtzRoutes implements ApiRoutes {
    /** A camera's controller answers in about a second; the rest is the way there and back. */
    static final Duration PTZ_TIMEOUT = Duration.ofSeconds(5);

    private final Registry registry;
    private final CommandService commands;
    private final Metrics metrics;

    public PtzRoutes(Registry registry, CommandService commands, Metrics metrics) {
        this.registry = registry;
        this.commands = commands;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/cameras/:id/ptz").handler(this::ptz);
    }

    private void ptz(RoutingContext ctx) {
        Principal p = Access.require(ctx, Role.OPERATOR);
        String id = ctx.pathParam("id");
        Tagged<CameraEntry> camera = registry.cameras().get(id);
        if (camera == null) {
            throw GmeyeException.notFound("no camera '" + id + "' in the registry");
        }
        CameraEntry c = camera.entry();
        Access.site(p, c.site());
        if (!c.ptz()) {
            throw new GmeyeException(ErrorKind.CONFLICT, "camera " + id + " (" + c.protocol() + ") cannot pan, tilt or zoom");
        }
        PtzRequest request;
        try {
            request = PtzRequest.fromParams(Bodies.read(ctx, Map.class));
        } catch (IllegalArgumentException e) {
            throw GmeyeException.badRequest("body." + e.getMessage());
        }
        long started = System.nanoTime();
        Future<Map<String, Object>> done = commands.call(c.site(), "camera.ptz", id, request.params(), PTZ_TIMEOUT).compose(reply -> {
            CommandResult r = reply.result();
            if (r.status() != CommandStatus.SUCCEEDED) {
                return Future.failedFuture(reply.refusal());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("commandId", r.commandId());
            out.put("status", r.status().wire());
            out.put("action", request.action());
            return Future.succeededFuture(out);
        });
        done.onComplete(r -> metrics.time("gmeye.ptz.call", System.nanoTime() - started, "outcome",
                r.succeeded() ? "ok" : GmeyeException.of(r.cause()).kind().name().toLowerCase()));
        Responses.reply(ctx, done);
    }
}
