package io.gmeye.hub.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.protocols.codec.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * GET /api/v1/openapi.yaml and /api/v1/openapi.json: the hand-written description of the API
 * (kept true by a test that checks every mounted route is in it).
 */
public final class OpenApiRoutes implements ApiRoutes {
    public static final String RESOURCE = "io/gmeye/hub/openapi/openapi.yaml";
    private final Buffer yaml;
    private final Buffer json;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            byte[] b = in.readAllBytes();
            yaml = Buffer.buffer(b);
            json = Buffer.buffer(Json.mapper().writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(b)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml; charset=utf-8").end(yaml));
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(json));
    }
}
