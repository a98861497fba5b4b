package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check every IT's HTTP traffic goes through fails on what the document does not say, and only on that. */
class ApiContractTest {
    private static final Map<String, String> BEARER = Map.of("authorization", "Bearer t0ken");

    @Test
    void aDocumentedExchangePasses() {
        assertThat(ApiContract.problems(get("/api/v1/auth/me", 200, "{\"user\":\"ann\",\"displayName\":\"Ann\",\"role\":\"viewer\",\"sites\":[]}")))
                .isEmpty();
        assertThat(ApiContract.problems(get("/api/v1/auth/me", 401, "{\"error\":\"unauthorized\",\"reason\":\"log in first\"}"))).isEmpty();
    }

    @Test
    void anAnswerWithAFieldTheDocumentDoesNotNameFailsTheTest() {
        ApiContract.Exchange x = get("/api/v1/auth/me", 200, "{\"user\":\"ann\",\"role\":\"viewer\",\"sites\":[],\"password\":\"x\"}");
        assertThatThrownBy(() -> ApiContract.check(x)).isInstanceOf(AssertionError.class).hasMessageContaining("password");
    }

    @Test
    void anAnswerOfTheWrongTypeOrWithoutARequiredFieldIsAMismatch() {
        assertThat(ApiContract.problems(get("/api/v1/auth/me", 200, "{\"user\":\"ann\",\"role\":\"boss\",\"sites\":[]}"))).isNotEmpty();
        assertThat(ApiContract.problems(get("/api/v1/overview", 200, "{\"sites\":{\"total\":1}}"))).isNotEmpty();
        assertThat(ApiContract.problems(get("/api/v1/auth/me", 500, "<html>oops</html>"))).as("an error must be {error, reason}").isNotEmpty();
    }

    @Test
    void aRequestTheDocumentCallsInvalidMustBeRefused() {
        String noPassword = "{\"name\":\"eve\",\"role\":\"viewer\"}";
        String user = "{\"name\":\"eve\",\"role\":\"viewer\",\"sites\":[],\"disabled\":false,\"createdAt\":1,\"updatedAt\":1}";
        assertThat(ApiContract.problems(post("/api/v1/users", noPassword, 200, user))).anyMatch(p -> p.contains("accepted"));
        assertThat(ApiContract.problems(post("/api/v1/users", noPassword, 400, "{\"error\":\"bad_request\",\"reason\":\"password\"}"))).isEmpty();
    }

    @Test
    void anUndocumentedRouteMayOnlyAnswerNotFound() {
        assertThat(ApiContract.problems(get("/api/v1/no-such-thing", 200, "{}"))).isNotEmpty();
        assertThat(ApiContract.problems(get("/api/v1/no-such-thing", 404, "{\"error\":\"not_found\",\"reason\":\"no route\"}"))).isEmpty();
    }

    private static ApiContract.Exchange get(String path, int status, String body) {
        return new ApiContract.Exchange("GET", URI.create("http://127.0.0.1:1" + path), BEARER, null, status,
                body.startsWith("{") ? "application/json; charset=utf-8" : "text/html", body.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiContract.Exchange post(String path, String request, int status, String body) {
        Map<String, String> headers = Map.of("authorization", "Bearer t0ken", "content-type", "application/json");
        return new ApiContract.Exchange("POST", URI.create("http://127.0.0.1:1" + path), headers, request.getBytes(StandardCharsets.UTF_8), status,
                "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}
