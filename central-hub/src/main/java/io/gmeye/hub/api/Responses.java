package io.gmeye.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON out, and errors translated once: a {@link GmeyeException} becomes its HTTP status and
 * {@code {"error": kind, "reason": ...}} (with {@code problems} for an {@link InvalidBody}); anything else a 500 with its
 * message, never a stack trace.
 */
public final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    public static void json(RoutingContext ctx, Object body) {
        json(ctx, 200, body);
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                    .end(Buffer.buffer(Json.mapper().writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            fail(ctx, e);
        }
    }

    /** Replies with the future's value as JSON, or its failure translated. */
    public static <T> void reply(RoutingContext ctx, Future<T> f) {
        f.onSuccess(v -> json(ctx, v)).onFailure(e -> fail(ctx, e));
    }

    public static void fail(RoutingContext ctx, Throwable t) {
        GmeyeException e = translate(t);
        if (e.kind() == ErrorKind.INTERNAL) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
        }
        if (ctx.response().ended()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.kind().name().toLowerCase());
        body.put("reason", e.reason());
        if (e instanceof InvalidBody invalid) {
            body.put("problems", invalid.problems());
        }
        json(ctx, e.kind().httpStatus(), body);
    }

    /**
     * Request data that fails a record's validation (IllegalArgumentException naming the field)
     * or is not JSON at all (Vert.x's DecodeException) is the client's to fix: 400 with the
     * reason, not a 500. Found by the REST body fuzz (RestFuzzIT).
     */
    static GmeyeException translate(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof IllegalArgumentException iae && iae.getMessage() != null) {
            return GmeyeException.badRequest(iae.getMessage());
        }
        if (c instanceof io.vertx.core.json.DecodeException d) {
            String msg = d.getMessage() == null ? "" : d.getMessage().lines().findFirst().orElse("");
            return GmeyeException.badRequest("body: not valid JSON: " + msg.replace("Failed to decode:", "").trim());
        }
        return GmeyeException.of(c);
    }
}
