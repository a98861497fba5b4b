package io.gmeye.hub.video.record;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.command.CommandReply;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A camera's rolling recording, kept at its agent: GET /api/v1/cameras/{id}/recordings?from&to
 * lists its segments and gaps; POST /api/v1/cameras/{id}/recordings/export?from&to has the agent
 * make one MP4 of the range and answers its clip, which GET /api/v1/cameras/{id}/clips/{clip}
 * then fetches and serves. Both are commands to the agent, sent where snapshot calls are.
 */
public final class RecordingRoutes implements ApiRoutes {
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);
    /** Remuxing an hour of segments takes seconds on a site box. */
    static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(60);

    private final EstateView estate;
    private final CommandService commands;
    private final Clock clock;

    public RecordingRoutes(EstateView estate, CommandService commands, Clock clock) {
        this.estate = estate;
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/cameras/:id/recordings").handler(ctx -> call(ctx, "recordings.list", LIST_TIMEOUT));
        router.post("/api/v1/cameras/:id/recordings/export").handler(ctx -> call(ctx, "recordings.export", EXPORT_TIMEOUT));
    }

    private void call(RoutingContext ctx, String command, Duration timeout) {
        String id = ctx.pathParam("id");
        CameraStatus camera = estate.reported(id);
        if (camera == null) {
            Responses.fail(ctx, new GmeyeException(ErrorKind.NOT_FOUND, "no camera '" + id + "' has reported to this hub"));
            return;
        }
        Access.site(Access.principal(ctx), camera.site());
        long now = clock.millis();
        long to = Params.time(ctx, "to", now);
        long from = Params.time(ctx, "from", to - 3_600_000);
        if (to <= from) {
            Responses.fail(ctx, GmeyeException.badRequest("from: must be before to"));
            return;
        }
        Responses.reply(ctx, commands.call(camera.site(), command, id, Map.of("from", from, "to", to), timeout)
                .compose(reply -> answer(id, reply)));
    }

    private static Future<Object> answer(String camera, CommandReply reply) {
        CommandResult r = reply.result();
        if (r == null || r.status() != CommandStatus.SUCCEEDED) {
            String reason = r == null || r.message() == null ? "the agent did not answer for camera " + camera : r.message();
            Object error = r == null ? null : r.result().get("error");
            ErrorKind kind = "bad_request".equals(error) ? ErrorKind.BAD_REQUEST
                    : "not_recorded".equals(error) || "unknown_camera".equals(error) ? ErrorKind.NOT_FOUND
                    : r != null && (r.status() == CommandStatus.EXPIRED || r.status() == CommandStatus.TIMED_OUT) ? ErrorKind.TIMEOUT
                    : ErrorKind.UNAVAILABLE;
            return Future.failedFuture(new GmeyeException(kind, reason));
        }
        Map<String, Object> body = new LinkedHashMap<>(r.result());
        if (body.get("clip") instanceof Map<?, ?> clip) {
            body.put("url", "/api/v1/cameras/" + camera + "/clips/" + clip.get("id"));
        }
        return Future.succeededFuture(body);
    }
}
