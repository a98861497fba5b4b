package io.gmeye.hub.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.log.KafkaLogConfig;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.log.LogTopic;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.kafka.KafkaBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's camera inventory in a cluster, applied by every node to the same outcome. A hub node
 * takes an admin's import (two tags, under the hub's key; a named camera, under its site) and then
 * the site's agent reports, over real MQTT, that camera and a new one with a tag the import just
 * added and a tag no catalog holds, and an inspection event on a third camera nobody registered. Read back from a real Kafka broker (its own JVM), the records are
 * applied by fresh nodes with the partitions interleaved each way and in one store round, as a node
 * catching up applies them; each is then restarted, so what it shows comes from its store.
 */
class InventoryInSiteOrderIT {
    private static final String TOPIC = "inventory-order";
    private static final String SITE = "site-001";
    private static final String NVR = "44031100001180000001";
    @TempDir
    static Path dir;
    static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-12-06T09:00:00Z"));
    static final District DISTRICT = DistrictGenerator.generate(DistrictGenerator.SMALL, 4);
    static JsonNode written;
    static List<LogRecord> log;

    @BeforeAll
    static void aNodeTakesAnImportAndThenTheAgentsInventory() throws Exception {
        try (KafkaBrokers kafka = KafkaBrokers.start(1, dir.resolve("kafka"))) {
            KafkaLogConfig topic = new KafkaLogConfig(kafka.bootstrap(), TOPIC, 3, 1, 1, null, null);
            try (TestHub node = TestHub.start(dir.resolve("node-1"), DISTRICT, CLOCK,
                    c -> c.withCluster(new HubConfig.ClusterSection("node-1", topic, null)))) {
                TestHub.Api admin = node.admin();
                TestHub.Api.Response imported = admin.post("/api/v1/registry/import", """
                        {"tags": [{"path": "north-gate", "name": "North gate"}, {"path": "east-gate", "name": "East gate"}],
                         "cameras": [{"id": "cam-gate", "site": "%s", "name": "North gate camera", "kind": "bullet",
                                      "tags": ["north-gate"]}]}""".formatted(SITE));
                assertThat(imported.status()).as(imported.text()).isEqualTo(200);
                node.agent(SITE).publish(Envelope.create(SITE, "agent", CLOCK.millis(), new CameraInventory(List.of(
                        new CameraInventory.Source("cam-gate", "NVR 1 channel 1", "gb28181", NVR, List.of("east-gate"), false),
                        new CameraInventory.Source("cam-auto", "NVR 1 channel 2", "gb28181", NVR, List.of("east-gate", "civil-440311"), true)))));
                // a camera first named by an inspection event: the scene's tags, one of them in the catalog
                node.agent(SITE).publish(Envelope.create(SITE, "cam-event", CLOCK.millis(), new InspectionEvent("ev-1", EventPhase.NEW, "kerb",
                        "parking", "cam-event", List.of("parking", "east-gate"), CLOCK.millis(), CLOCK.millis(), null, 1920, 1080, List.of(),
                        List.of())));
                await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/cameras/cam-auto").status() == 200
                        && admin.get("/api/v1/cameras/cam-event").status() == 200
                        && "gb28181".equals(admin.get("/api/v1/cameras/cam-gate").json().get("camera").path("protocol").asText()));
                written = cameras(admin);
            }
            log = LogTopic.read(kafka.bootstrap(), TOPIC);
        }
    }

    @Test
    void anAgentsCameraShowsATagImportedAtNearlyTheSameMomentOnEveryNodeWhicheverPartitionANodeAppliesFirst() throws Exception {
        JsonNode auto = written.get("cam-auto");
        assertThat(auto.get("auto").asBoolean()).isTrue();
        assertThat(auto.get("name").asText()).isEqualTo("NVR 1 channel 2");
        assertThat(auto.get("tags")).as("the agent's tag the catalog holds; the one it does not hold is not shown")
                .isEqualTo(Json.mapper().valueToTree(List.of("east-gate")));
        assertThat(written.get("cam-event").get("tags")).as("an inspection event's scene tags: the one the catalog holds")
                .isEqualTo(Json.mapper().valueToTree(List.of("east-gate")));
        assertThat(written.get("taggedEastGate")).isEqualTo(Json.mapper().valueToTree(List.of("cam-auto", "cam-event")));

        int n = 0;
        for (List<LogRecord> order : LogTopic.bothWays(log)) {
            n++;
            Path node = dir.resolve("order-" + n);
            try (TestHub replica = TestHub.start(node, DISTRICT, CLOCK)) {
                LogTopic.apply(replica.hub().log(), order);
                assertThat(cameras(replica.admin())).as("order %d, as applied", n).isEqualTo(written);
            }
            try (TestHub restarted = TestHub.start(node, DISTRICT, CLOCK)) {
                assertThat(cameras(restarted.admin())).as("order %d, from its store", n).isEqualTo(written);
            }
        }
    }

    @Test
    void anInventoryAppliedInTheSameStoreRoundAsAnImportKeepsTheAdminsNameAndKind() throws Exception {
        JsonNode gate = written.get("cam-gate");
        assertThat(gate.get("name").asText()).isEqualTo("North gate camera");
        assertThat(gate.get("kind").asText()).isEqualTo("bullet");
        assertThat(gate.get("auto").asBoolean()).isFalse();
        assertThat(gate.get("tags")).as("an admin's tags stay").isEqualTo(Json.mapper().valueToTree(List.of("north-gate")));
        assertThat(gate.get("protocol").asText()).as("the agent's facts are taken").isEqualTo("gb28181");

        Path node = dir.resolve("one-round");
        try (TestHub replica = TestHub.start(node, DISTRICT, CLOCK)) {
            LogTopic.applyInOneRound(replica.hub().store(), replica.hub().log(), log);
            assertThat(cameras(replica.admin())).as("as applied").isEqualTo(written);
        }
        try (TestHub restarted = TestHub.start(node, DISTRICT, CLOCK)) {
            assertThat(cameras(restarted.admin())).as("from its store").isEqualTo(written);
        }
    }

    /** The cameras' registry fields as a node shows them, and which cameras a filter by the new tag finds. */
    private static JsonNode cameras(TestHub.Api admin) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String id : List.of("cam-gate", "cam-auto", "cam-event")) {
            TestHub.Api.Response r = admin.get("/api/v1/cameras/" + id);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode c = r.json().get("camera");
            out.put(id, Map.of("name", c.path("name"), "kind", c.path("kind"), "tags", c.path("tags"), "auto", c.path("auto"),
                    "protocol", c.path("protocol"), "parent", c.path("parent")));
        }
        JsonNode tagged = admin.get("/api/v1/cameras?tag=east-gate").json();
        out.put("taggedEastGate", tagged.findValuesAsText("id").stream().sorted().toList());
        return Json.mapper().valueToTree(out);
    }
}
