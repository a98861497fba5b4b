package io.gmeye.hub.views;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hub's OpenAPI document as a check on real traffic: every exchange a test makes through
 * {@link TestHub.Api} is held against it, and a mismatch fails the test.
 *
 * <ul>
 *   <li>an answer must be one the document gives for that operation and status (content type and
 *       body schema included, every field documented); an undocumented status, field or body is a
 *       mismatch;</li>
 *   <li>a request the document calls invalid (missing field, wrong type, unknown route, no session)
 *       must be refused with a 4xx: a hub that accepts it, or a document that forgot a field it
 *       takes, is a mismatch. Valid requests may still be refused for reasons the schema cannot
 *       say (a duplicate name, a wrong password).</li>
 * </ul>
 */
public final class ApiContract {
    // answers must carry only documented fields; requests may carry others, since the hub ignores unknown fields (documented)
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(OpenApiDoc.text())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE).build())
            .build();

    /** One HTTP exchange as the test saw it on the wire. */
    public record Exchange(String method, URI uri, Map<String, String> requestHeaders, byte[] requestBody,
                           int status, String responseContentType, byte[] responseBody) {
    }

    private ApiContract() {
    }

    /** Throws an AssertionError naming each problem when the exchange does not match the document. */
    public static void check(Exchange x) {
        List<String> problems = problems(x);
        if (!problems.isEmpty()) {
            throw new AssertionError("HTTP " + x.method() + " " + x.uri().getRawPath() + " -> " + x.status()
                    + " does not match the OpenAPI document:\n  " + String.join("\n  ", problems));
        }
    }

    /** What does not match, empty when the exchange is as documented. */
    public static List<String> problems(Exchange x) {
        Request.Method method = Request.Method.valueOf(x.method());
        SimpleRequest request = request(x, method);
        List<String> out = new ArrayList<>();
        ValidationReport asked;
        synchronized (VALIDATOR) {
            asked = VALIDATOR.validateRequest(request);
        }
        boolean routeKnown = asked.getMessages().stream().noneMatch(m -> m.getKey().startsWith("validation.request.path.missing")
                || m.getKey().startsWith("validation.request.operation.notAllowed"));
        if (asked.hasErrors() && x.status() < 400) {
            out.add("the hub accepted (" + x.status() + ") a request the document calls invalid: " + messages(asked));
        }
        if (!routeKnown) {
            if (x.status() != 404 && x.status() != 405) {
                out.add("an undocumented route answered " + x.status());
            }
            return out;
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(x.status());
        if (x.responseContentType() != null && !x.responseContentType().isEmpty()) {
            response.withContentType(x.responseContentType());
        }
        if (x.responseBody() != null && x.responseBody().length > 0) {
            response.withBody(x.responseBody());
        }
        ValidationReport answered;
        synchronized (VALIDATOR) {
            answered = VALIDATOR.validateResponse(x.uri().getRawPath(), method, response.build());
        }
        if (answered.hasErrors()) {
            out.add("answer: " + messages(answered));
        }
        return out;
    }

    private static SimpleRequest request(Exchange x, Request.Method method) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(method, x.uri().getRawPath());
        query(x.uri()).forEach(b::withQueryParam);
        x.requestHeaders().forEach((k, v) -> b.withHeader(k, v));
        if (x.requestBody() != null) {
            b.withBody(x.requestBody());
        }
        return b.build();
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String messages(ValidationReport r) {
        return r.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(ApiContract::message).collect(Collectors.joining("; "));
    }

    /** A message with the ones nested under it (allOf, oneOf name the part that failed only there). */
    private static String message(ValidationReport.Message m) {
        String nested = m.getNestedMessages().stream().map(ApiContract::message).collect(Collectors.joining(", "));
        return m.getKey() + ": " + m.getMessage() + (nested.isEmpty() ? "" : " [" + nested + "]");
    }
}
