package io.gmeye.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.Json;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry imports and removals are commands in the hub's log, over real HTTP on one embedded hub:
 * an import larger than a log record may sensibly be goes in as several parts and reads whole, audited
 * once; two removals of one camera at once are judged in the log's order: one removes it, the other
 * gets 404.
 */
class RegistryCommandsIT {
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 5);
        hub = TestHub.start(dir, district, new ManualClock(Instant.parse("2025-05-01T08:00:00Z")));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aLargeImportGoesIntoTheLogInPartsReadsWholeAndIsAuditedOnce() throws Exception {
        TestHub.Api admin = hub.admin();
        List<Map<String, Object>> cameras = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            cameras.add(Map.of("id", "cam-bulk-" + i, "site", "site-002", "name", "bulk camera " + i + " on the ring road", "kind", "dome"));
        }
        String body = Json.mapper().writeValueAsString(Map.of("cameras", cameras));
        assertThat(body.length()).as("more than one part's worth").isGreaterThan(Registry.IMPORT_PART_BYTES);

        TestHub.Api.Response r = admin.post("/api/v1/registry/import", body);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("cameras").asInt()).isEqualTo(6_000);
        assertThat(admin.get("/api/v1/cameras?q=cam-bulk-&limit=1").json().get("total").asInt()).as("read at once: every part applied")
                .isEqualTo(6_000);
        JsonNode audit = admin.get("/api/v1/audit?target=registry").json();
        // the other test's one-camera import may be there too: this one is one entry for all its parts
        List<JsonNode> imports = audit.findParents("action").stream().filter(e -> e.get("action").asText().equals("registry.import")
                && e.get("detail").get("cameras").asInt() > 1).toList();
        assertThat(imports).hasSize(1);
        assertThat(imports.get(0).get("detail").get("cameras").asInt()).isEqualTo(6_000);
        assertThat(imports.get(0).get("detail").get("parts").asInt()).isGreaterThan(1);
    }

    @Test
    void twoAdminsRemovingOneCameraAtOnceGetOneRemovalAndOne404() throws Exception {
        TestHub.Api admin = hub.admin();
        TestHub.Api.Response imported = admin.post("/api/v1/registry/import", "{\"cameras\": [{\"id\": \"cam-twice\", \"site\": \"site-001\"}]}");
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        TestHub.Api other = hub.user(admin, "ada", "admin", List.of());

        CompletableFuture<TestHub.Api.Response> one = CompletableFuture.supplyAsync(() -> delete(admin));
        CompletableFuture<TestHub.Api.Response> two = CompletableFuture.supplyAsync(() -> delete(other));
        List<Integer> statuses = new ArrayList<>(List.of(one.get().status(), two.get().status()));
        statuses.sort(null);

        assertThat(statuses).as(one.get().text() + " / " + two.get().text()).containsExactly(200, 404);
        TestHub.Api.Response refused = one.get().status() == 404 ? one.get() : two.get();
        assertThat(refused.json().get("reason").asText()).isEqualTo("no camera cam-twice in the registry");
        assertThat(admin.get("/api/v1/audit?target=camera:cam-twice").json().findValuesAsText("action")).containsExactly("registry.remove");
        assertThat(admin.get("/api/v1/cameras/cam-twice").status()).isEqualTo(404);
    }

    private static TestHub.Api.Response delete(TestHub.Api who) {
        try {
            return who.delete("/api/v1/registry/cameras/cam-twice");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
