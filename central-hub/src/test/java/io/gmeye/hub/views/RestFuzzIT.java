package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.Json;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.fuzz.FuzzReport;
import io.gmeye.rigs.fuzz.Mutator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample of REST body fuzzing: every documented operation that takes a body gets mutated JSON
 * (truncated, fields dropped or doubled, types swapped, huge numbers, deep nesting, unicode,
 * oversize) as an admin. The hub must never answer with a server error, and every refusal is
 * {"error", "reason"} with a reason a person can act on.
 */
class RestFuzzIT {
    private static final int PER_OPERATION = 150;
    /** Valid-looking bodies to start from; other operations start from {}. */
    private static final Map<String, String> SEEDS = Map.of(
            "/api/v1/auth/login", "{\"user\":\"fuzz\",\"password\":\"not-the-password\"}",
            "/api/v1/users", "{\"name\":\"fz\",\"password\":\"password-123\",\"role\":\"viewer\",\"sites\":[]}",
            "/api/v1/users/{name}", "{\"role\":\"operator\",\"sites\":[\"site-001\"],\"disabled\":false}",
            "/api/v1/checkpoints/alerts/{id}/state", "{\"to\":\"acknowledged\",\"note\":\"seen\"}",
            "/api/v1/workitems/{id}/actions", "{\"action\":\"acknowledge\",\"note\":\"on it\"}",
            "/api/v1/whitelist", "{\"upserts\":[{\"personHash\":\"" + "0123456789abcdef".repeat(4) + "\",\"list\":\"white\","
                    + "\"masked\":\"4403**********1234\",\"validUntil\":0}],\"removals\":[]}");

    @TempDir
    Path dir;

    @Test
    void mutatedBodiesNeverCauseAServerErrorAndEveryRefusalSaysWhy() throws Exception {
        try (TestHub hub = TestHub.start(dir, DistrictGenerator.generate(DistrictGenerator.SMALL, 3),
                new ManualClock(Instant.parse("2025-03-01T08:00:00Z")))) {
            TestHub.Api admin = hub.admin();
            String importDoc = Json.mapper().writeValueAsString(hub.district().registryImport());
            assertThat(admin.post("/api/v1/users", "{\"name\":\"fz-target\",\"password\":\"password-123\",\"role\":\"viewer\",\"sites\":[]}")
                    .status()).as("a user for the PUT to change").isEqualTo(200);
            FuzzReport report = new FuzzReport();
            Mutator mutator = new Mutator(5, 2 << 20);
            int operations = 0;
            for (OpenApiDoc.Operation op : OpenApiDoc.operations()) {
                if (!(op.method().equals("POST") || op.method().equals("PUT")) || op.path().endsWith("/logout")) {
                    continue;
                }
                operations++;
                String seed = op.path().equals("/api/v1/registry/import") ? importDoc : SEEDS.getOrDefault(op.path(), "{}");
                String path = op.path().replace("{name}", "fz-target").replaceAll("\\{[^}]+}", "x-none");
                for (int i = 0; i < PER_OPERATION; i++) {
                    Mutator.Mutation m = mutator.mutate(seed.getBytes(StandardCharsets.UTF_8));
                    TestHub.Api.Response r = admin.send(op.method(), path, new String(m.bytes(), StandardCharsets.UTF_8));
                    report.outcome(op.method() + " " + op.path() + " " + r.status() / 100 + "xx");
                    if (r.status() >= 500) {
                        report.finding(op.method() + " " + op.path() + " answered " + r.status() + " to " + m.kind() + ": " + r.text());
                    } else if (r.status() >= 400) {
                        JsonNode j = parse(r);
                        if (j == null || !j.hasNonNull("error") || j.path("reason").asText("").isBlank()) {
                            report.finding(op.method() + " " + op.path() + " refused " + r.status() + " without error and reason: " + r.text());
                        }
                    }
                }
            }
            System.out.println("rest fuzz: " + report);
            assertThat(operations).isGreaterThanOrEqualTo(5);
            assertThat(report.findingSamples()).isEmpty();
            assertThat(admin.get("/api/v1/auth/me").status()).as("the hub still serves its admin").isEqualTo(200);
        }
    }

    private static JsonNode parse(TestHub.Api.Response r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (Exception e) {
            return null;
        }
    }
}
