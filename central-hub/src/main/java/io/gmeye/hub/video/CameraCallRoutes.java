package io.gmeye.hub.video;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.command.CommandReply;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;

/**
 * Pictures on call. POST /api/v1/cameras/{id}/snapshot asks the camera's agent for a fresh JPEG
 * and returns it (image/jpeg) within 2 s, or a JSON error with a reason: unknown camera (404),
 * camera offline or agent unreachable (503), no answer in time (504). GET /api/v1/cameras/{id}/live
 * is the camera's live view as MJPEG (see {@link LiveRelay}).
 */
public final class CameraCallRoutes implements ApiRoutes {
    /** The caller gets an answer within 2 s: the agent's share, leaving time for the way back. */
    static final Duration SNAPSHOT_TIMEOUT = Duration.ofMillis(1800);

    private final EstateView estate;
    private final CommandService commands;
    private final Store store;
    private final LiveRelay live;
    private final Metrics metrics;

    public CameraCallRoutes(EstateView estate, CommandService commands, Store store, LiveRelay live, Metrics metrics) {
        this.estate = estate;
        this.commands = commands;
        this.store = store;
        this.live = live;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/cameras/:id/snapshot").handler(this::snapshot);
        router.get("/api/v1/cameras/:id/live").handler(live::watch);
    }

    private void snapshot(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CameraStatus camera = estate.reported(id);
        if (camera == null) {
            Responses.fail(ctx, new GmeyeException(ErrorKind.NOT_FOUND, "no camera '" + id + "' has reported to this hub"));
            return;
        }
        Access.site(Access.principal(ctx), camera.site()); // operators see only their sites' cameras
        long started = System.nanoTime();
        commands.call(camera.site(), "snapshot", id, Map.of(), SNAPSHOT_TIMEOUT)
                .compose(reply -> picture(ctx, id, reply).map(jpeg -> Map.entry(reply.result() != null ? reply.result().commandId()
                        : reply.snapshot().ref(), jpeg)))
                .onSuccess(taken -> {
                    metrics.time("gmeye.snapshot.call", System.nanoTime() - started, "outcome", "ok");
                    // the command's record, readable on every node: GET /api/v1/agent-commands/{id}
                    ctx.response().putHeader("content-type", "image/jpeg").putHeader("cache-control", "no-store")
                            .putHeader("x-command-id", taken.getKey()).end(Buffer.buffer(taken.getValue()));
                })
                .onFailure(e -> {
                    metrics.time("gmeye.snapshot.call", System.nanoTime() - started, "outcome", GmeyeException.of(e).kind().name().toLowerCase());
                    Responses.fail(ctx, e);
                });
    }

    /** The JPEG of an answer: carried with it, or stored under the snapshot's id when the result came first. */
    private Future<byte[]> picture(RoutingContext ctx, String camera, CommandReply reply) {
        if (reply.jpeg() != null) {
            return Future.succeededFuture(reply.jpeg());
        }
        CommandResult r = reply.result();
        if (r.status() != CommandStatus.SUCCEEDED) {
            return Future.failedFuture(refusal(camera, r));
        }
        Object snapshotId = r.result().get("snapshotId");
        if (!(snapshotId instanceof String sid)) {
            return Future.failedFuture(new GmeyeException(ErrorKind.INTERNAL, "the agent reported a snapshot of " + camera + " without its id"));
        }
        return ctx.vertx().executeBlocking(() -> {
            byte[] jpeg = store.get(Space.BLOBS, Keys.bytes(sid));
            if (jpeg == null) {
                throw new GmeyeException(ErrorKind.INTERNAL, "the snapshot " + sid + " of " + camera + " was sent but is not stored");
            }
            return jpeg;
        }, false);
    }

    /** A failed snapshot as the caller should see it: the agent's reason with a status that fits. */
    static GmeyeException refusal(String camera, CommandResult r) {
        String reason = r.message() == null ? "the agent could not take a snapshot of " + camera : r.message();
        if (r.status() == CommandStatus.EXPIRED || r.status() == CommandStatus.TIMED_OUT) {
            return new GmeyeException(ErrorKind.TIMEOUT, reason);
        }
        Object error = r.result().get("error");
        ErrorKind kind = "unknown_camera".equals(error) ? ErrorKind.NOT_FOUND : ErrorKind.UNAVAILABLE;
        return new GmeyeException(kind, reason);
    }
}
