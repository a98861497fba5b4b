package io.gmeye.hub.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gmeye.hub.openapi.OpenApiRoutes;
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

    static JsonNode tree() throws Exception {
        try (InputStream in = OpenApiDoc.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
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
