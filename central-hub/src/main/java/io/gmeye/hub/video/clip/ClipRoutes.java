package io.gmeye.hub.video.clip;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;

/**
 * GET /api/v1/cameras/{id}/clips/{clip}: an event clip (the {@code clip.id} of an inspection
 * event) as video/mp4, fetched from the camera's agent on first use and then served from the
 * hub's cache, with HTTP Range (206, Content-Range) so a browser can seek. While the fetch takes
 * longer than {@code wait}, the answer is 503 with how far it is and Retry-After; the fetch goes on.
 */
public final class ClipRoutes implements ApiRoutes {
    private final EstateView estate;
    private final ClipFetcher fetcher;
    private final Duration wait;

    public ClipRoutes(EstateView estate, ClipFetcher fetcher, Duration wait) {
        this.estate = estate;
        this.fetcher = fetcher;
        this.wait = wait;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/cameras/:id/clips/:clip").handler(this::clip);
    }

    private void clip(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String clip = ctx.pathParam("clip");
        CameraStatus camera = estate.reported(id);
        if (camera == null) {
            Responses.fail(ctx, new GmeyeException(ErrorKind.NOT_FOUND, "no camera '" + id + "' has reported to this hub"));
            return;
        }
        if (!Topics.validId(clip)) {
            Responses.fail(ctx, new GmeyeException(ErrorKind.BAD_REQUEST, "clip: '" + clip + "' is not a clip id"));
            return;
        }
        Access.site(Access.principal(ctx), camera.site()); // operators see only their sites' clips
        Promise<Path> answer = Promise.promise();
        fetcher.fetch(camera.site(), id, clip).onComplete(answer);
        long timer = ctx.vertx().setTimer(wait.toMillis(), t -> answer.tryFail(new Waiting()));
        answer.future().onComplete(x -> ctx.vertx().cancelTimer(timer)).onSuccess(file -> serve(ctx, file)).onFailure(e -> {
            if (e instanceof Waiting) {
                ClipFetcher.Progress p = fetcher.progress(camera.site(), clip).orElse(null);
                ctx.response().putHeader("retry-after", "2");
                Responses.fail(ctx, new GmeyeException(ErrorKind.UNAVAILABLE, "the clip is being fetched from site " + camera.site()
                        + (p == null ? "" : ": " + p.have() + (p.size() >= 0 ? " of " + p.size() : "") + " bytes so far"
                        + (p.lastError() == null ? "" : " (waiting: " + p.lastError() + ")")) + "; ask again in a moment"));
            } else {
                Responses.fail(ctx, e);
            }
        });
    }

    private static void serve(RoutingContext ctx, Path file) {
        Future<Long> size = ctx.vertx().fileSystem().props(file.toString()).map(p -> p.size());
        size.onFailure(e -> Responses.fail(ctx, new GmeyeException(ErrorKind.NOT_FOUND, "the clip was evicted from the hub's cache; ask again")))
                .onSuccess(total -> {
                    var range = ByteRange.parse(ctx.request().getHeader("range"), total);
                    var response = ctx.response().putHeader("accept-ranges", "bytes").putHeader("content-type", "video/mp4")
                            .putHeader("cache-control", "private, max-age=3600");
                    if (range.isEmpty()) {
                        response.setStatusCode(416).putHeader("content-range", "bytes */" + total).end();
                        return;
                    }
                    ByteRange r = range.get();
                    if (ctx.request().getHeader("range") != null) {
                        response.setStatusCode(206).putHeader("content-range", "bytes " + r.start() + "-" + r.end() + "/" + total);
                    }
                    response.sendFile(file.toString(), r.start(), r.length());
                });
    }

    /** The fetch takes longer than the caller waits. */
    private static final class Waiting extends RuntimeException {
        Waiting() {
            super("still fetching", null, false, false);
        }
    }
}
