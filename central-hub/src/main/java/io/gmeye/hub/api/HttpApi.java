package io.gmeye.hub.api;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub's HTTP server: REST under /api/v1, health, metrics, and whatever the features mount. */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private final HubConfig.HttpSection config;
    private final List<ApiRoutes> routes;
    private HttpServer server;
    private Router router;

    public HttpApi(HubConfig.HttpSection config, List<ApiRoutes> routes) {
        this.config = config;
        this.routes = routes;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        // bodies only where requests have them: a GET that upgrades to a WebSocket must stay unread
        BodyHandler bodies = BodyHandler.create().setBodyLimit(16 << 20);
        for (HttpMethod m : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
            router.route("/api/*").method(m).handler(bodies);
        }
        routes.forEach(r -> r.mount(router));
        router.route("/api/*").last().handler(ctx -> Responses.fail(ctx,
                new GmeyeException(ErrorKind.NOT_FOUND, "no route " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(ctx -> Responses.fail(ctx, ctx.failure() != null ? ctx.failure()
                : new GmeyeException(ctx.statusCode() == 404 ? ErrorKind.NOT_FOUND : ErrorKind.BAD_REQUEST, "HTTP " + ctx.statusCode())));
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(config.port(), config.host())
                .onSuccess(s -> LOG.info("HTTP API on http://{}:{}", config.host(), s.actualPort()));
    }

    /** "METHOD /path" of every route mounted with a method (the OpenAPI test checks each is documented). */
    public List<String> mounted() {
        List<String> out = new java.util.ArrayList<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() != null && r.methods() != null) {
                r.methods().forEach(m -> out.add(m.name() + " " + r.getPath()));
            }
        }
        return out;
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
