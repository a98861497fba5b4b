package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.platform.time.ManualClock;
import io.gmeye.rigs.estate.DistrictGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators and roles over real HTTP: every documented /api/v1 operation refuses a request with
 * no session (401) and a role below its least role (403); sessions expire; accounts change with
 * an audit trail; the document and the mounted routes agree both ways.
 */
class AccessControlIT {
    @TempDir
    static Path dir;
    static ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
    static TestHub hub;
    static TestHub.Api admin; // made at start: other tests move the clock, so log in afresh where it matters
    static TestHub.Api operator;
    static TestHub.Api viewer;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(dir, DistrictGenerator.generate(DistrictGenerator.SMALL, 7), clock);
        admin = hub.admin();
        operator = hub.user(admin, "olga", "operator", List.of());
        viewer = hub.user(admin, "victor", "viewer", List.of());
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void everyDocumentedOperationRefusesARequestWithoutASession() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (OpenApiDoc.Operation op : OpenApiDoc.operations()) {
            if (!op.path().startsWith("/api/v1") || op.path().equals("/api/v1/auth/login")) {
                continue;
            }
            TestHub.Api.Response none = hub.anonymous().send(op.method(), op.concrete(), op.method().equals("GET") ? null : "{}");
            TestHub.Api.Response forged = new TestHub.Api(hub.base(), "forged-token").send(op.method(), op.concrete(),
                    op.method().equals("GET") ? null : "{}");
            if (none.status() != 401 || forged.status() != 401) {
                wrong.add(op.method() + " " + op.path() + " -> " + none.status() + "/" + forged.status());
            }
            assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOperationRefusesRolesBelowItsLeastRole() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (OpenApiDoc.Operation op : OpenApiDoc.operations()) {
            if (op.minRole() == null || op.minRole().equals("none") || op.minRole().equals("viewer")) {
                continue;
            }
            List<TestHub.Api> below = op.minRole().equals("admin") ? List.of(viewer, operator) : List.of(viewer);
            if (checked == 0) { // other tests move the clock: fresh sessions
                viewer = hub.login("victor", "victor-password");
                operator = hub.login("olga", "olga-password");
                below = op.minRole().equals("admin") ? List.of(viewer, operator) : List.of(viewer);
            }
            for (TestHub.Api who : below) {
                TestHub.Api.Response r = who.send(op.method(), op.concrete(), op.method().equals("GET") ? null : "{\"to\":\"acknowledged\"}");
                checked++;
                if (r.status() != 403) {
                    wrong.add(op.method() + " " + op.path() + " -> " + r.status() + " " + r.text());
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theDocumentDescribesEveryMountedRouteAndNothingElse() throws Exception {
        List<String> documented = OpenApiDoc.operations().stream().map(o -> o.method() + " " + o.path()).toList();
        List<String> mounted = hub.hub().httpRoutes().stream()
                .filter(r -> !r.endsWith("/")).filter(r -> r.contains(" /api/") || r.endsWith(" /healthz") || r.endsWith(" /metrics"))
                .map(r -> r.replaceAll(":([A-Za-z]+)", "{$1}")).distinct().toList();
        assertThat(documented).as("mounted but not in openapi.yaml").containsAll(mounted);
        assertThat(mounted).as("in openapi.yaml but not mounted").containsAll(documented);
        assertThat(hub.admin().get("/api/v1/openapi.json").json().get("paths").size()).isEqualTo(tree().get("paths").size());
    }

    @Test
    void theServedDocumentIsValidOpenApiAsYamlAndAsJson() throws Exception {
        TestHub.Api.Response yaml = viewer().get("/api/v1/openapi.yaml");
        TestHub.Api.Response json = viewer().get("/api/v1/openapi.json");
        assertThat(OpenApiDoc.parserMessages(yaml.text())).isEmpty();
        assertThat(OpenApiDoc.parserMessages(json.text())).isEmpty();
        assertThat(json.json().get("paths").size()).isEqualTo(tree().get("paths").size());
    }

    private static TestHub.Api viewer() throws Exception {
        return hub.login("victor", "victor-password"); // other tests move the clock past a session's idle time
    }

    private static com.fasterxml.jackson.databind.JsonNode tree() throws Exception {
        return OpenApiDoc.tree();
    }

    @Test
    void wrongPasswordsAreRefusedAndThrottled() throws Exception {
        for (int i = 0; i < 5; i++) {
            TestHub.Api.Response r = hub.anonymous().post("/api/v1/auth/login", "{\"user\":\"victor\",\"password\":\"guess-" + i + "\"}");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("reason").asText()).isEqualTo("wrong user name or password");
        }
        TestHub.Api.Response throttled = hub.anonymous().post("/api/v1/auth/login", "{\"user\":\"victor\",\"password\":\"victor-password\"}");
        assertThat(throttled.status()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(6));
        assertThat(hub.anonymous().post("/api/v1/auth/login", "{\"user\":\"victor\",\"password\":\"victor-password\"}").status()).isEqualTo(200);
    }

    @Test
    void aSessionExpiresAfterItsIdleTimeAndEndsAtLogout() throws Exception {
        TestHub.Api s = hub.login("olga", "olga-password");
        assertThat(s.get("/api/v1/auth/me").json().get("role").asText()).isEqualTo("operator");
        clock.advance(Duration.ofMinutes(29));
        assertThat(s.get("/api/v1/auth/me").status()).isEqualTo(200); // use renews it
        clock.advance(Duration.ofMinutes(31));
        TestHub.Api.Response expired = s.get("/api/v1/auth/me");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("reason").asText()).contains("expired");

        TestHub.Api t = hub.login("olga", "olga-password");
        assertThat(t.post("/api/v1/auth/logout", "{}").status()).isEqualTo(200);
        assertThat(t.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void adminsManageAccountsAndEveryChangeIsAudited() throws Exception {
        TestHub.Api a = hub.admin();
        TestHub.Api dora = hub.user(a, "dora", "viewer", List.of("site-001"));
        assertThat(dora.get("/api/v1/auth/me").json().get("sites").get(0).asText()).isEqualTo("site-001");
        assertThat(a.post("/api/v1/users", "{\"name\":\"dora\",\"role\":\"viewer\",\"password\":\"long-enough\"}").status()).isEqualTo(409);
        assertThat(a.post("/api/v1/users", "{\"name\":\"eve\",\"role\":\"viewer\",\"password\":\"short\"}").json().get("reason").asText())
                .contains("password");
        assertThat(a.post("/api/v1/users", "{\"name\":\"eve\",\"role\":\"boss\",\"password\":\"long-enough\"}").status()).isEqualTo(400);

        assertThat(a.put("/api/v1/users/dora", "{\"role\":\"operator\"}").json().get("role").asText()).isEqualTo("operator");
        assertThat(dora.get("/api/v1/auth/me").json().get("role").asText()).as("a role change takes effect at once").isEqualTo("operator");
        assertThat(a.put("/api/v1/users/dora", "{\"disabled\":true}").status()).isEqualTo(200);
        assertThat(dora.get("/api/v1/auth/me").status()).as("disabling ends the sessions").isEqualTo(401);
        assertThat(a.put("/api/v1/users/admin", "{\"role\":\"viewer\"}").status()).as("the last admin stays admin").isEqualTo(409);
        assertThat(a.delete("/api/v1/users/dora").status()).isEqualTo(200);
        assertThat(a.get("/api/v1/users").json().findValuesAsText("name")).doesNotContain("dora").contains("admin", "olga", "victor");
        assertThat(a.get("/api/v1/users").text()).doesNotContain("pbkdf2");

        List<String> actions = a.get("/api/v1/audit?target=user:dora").json().findValuesAsText("action");
        assertThat(actions).containsExactly("user.delete", "user.update", "user.update", "user.create");
        assertThat(a.get("/api/v1/audit?target=user:dora").json().get(0).get("actor").asText()).isEqualTo("admin");
    }
}
