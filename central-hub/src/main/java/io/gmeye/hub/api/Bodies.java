package io.gmeye.hub.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/** Request bodies into records with reasons, and replies from work done off the event loop. */
public final class Bodies {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Bodies() {
    }

    /** The JSON body (or YAML, when the request says application/yaml or text/yaml) as a record. */
    public static <T> T read(RoutingContext ctx, Class<T> type) {
        var body = ctx.body();
        if (body == null || body.buffer() == null || body.length() == 0) {
            throw GmeyeException.badRequest("body: is required (JSON)");
        }
        String ct = ctx.request().getHeader("content-type");
        boolean yaml = ct != null && (ct.startsWith("application/yaml") || ct.startsWith("text/yaml") || ct.startsWith("application/x-yaml"));
        try {
            if (yaml) {
                return Json.mapper().treeToValue(YAML.readTree(body.buffer().getBytes()), type);
            }
            return Json.mapper().readValue(body.buffer().getBytes(), type);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder("body");
            for (JsonMappingException.Reference r : e.getPath()) {
                path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException || root instanceof GmeyeException ? root.getMessage()
                    : e.getOriginalMessage().lines().findFirst().orElse("invalid");
            throw GmeyeException.badRequest(path + ": " + why);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw GmeyeException.badRequest("body: not valid " + (yaml ? "YAML" : "JSON") + ": " + msg);
        }
    }

    /** Runs blocking work (store reads, hashing, big scans) on a worker and replies with its result as JSON. */
    public static <T> void blocking(RoutingContext ctx, Callable<T> work) {
        Responses.reply(ctx, ctx.vertx().executeBlocking(work, false));
    }

    public static <T> void reply(RoutingContext ctx, CompletionStage<T> done) {
        Responses.reply(ctx, Future.fromCompletionStage(done, ctx.vertx().getOrCreateContext()));
    }
}
