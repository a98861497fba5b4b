package io.gmeye.hub.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gmeye.hub.openapi.OpenApiRoutes;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The hand-written OpenAPI document, read as the tests need it: its operations and their least roles. */
final class OpenApiDoc {
    record Operation(String method, String path, String minRole) {
        /** The path with its parameters filled in. */
        String concrete() {
            return path.replaceAll("\\{[^}]+}", "x-none");
        }
    }

    private OpenApiDoc() {
    }

    static String text() {
        try (InputStream in = OpenApiDoc.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode tree() throws Exception {
        try (InputStream in = OpenApiDoc.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    /**
     * What swagger-parser (the reference OpenAPI 3 parser) finds wrong in a document, YAML or JSON:
     * bogus keys, wrong types, unresolvable references. Empty for a valid document.
     */
    static List<String> parserMessages(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult r = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> out = new ArrayList<>(r.getMessages() == null ? List.of() : r.getMessages());
        if (r.getOpenAPI() == null) {
            out.add("not an OpenAPI document");
        }
        return out;
    }

    static List<Operation> operations() throws Exception {
        List<Operation> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = tree().get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                out.add(new Operation(op.getKey().toUpperCase(), p.getKey(), op.getValue().path("x-min-role").asText(null)));
            }
        }
        return out;
    }
}
