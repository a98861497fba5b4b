package io.gmeye.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.log.KafkaLogConfig;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.log.LogTopic;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.Json;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.kafka.KafkaBrokers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry import in a cluster goes into the log keyed as its entries belong: a site's camera
 * under that site, in order with the site's configuration; the tag catalog under the hub's key. Read
 * back from a real Kafka broker (its own JVM), the records a hub node wrote are applied by two
 * fresh nodes, one with the partitions interleaved each way, and by a third in one store round, as a
 * node catching up applies them: all end with the camera entry and the site configuration the
 * writing node has (the configuration's tags, from the catalog the import grew, checked once, by
 * the node that took it).
 */
class ImportInSiteOrderIT {
    private static final String TOPIC = "import-order";
    private static final String SITE = "site-001";
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T09:00:00Z"));
    final District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 4);

    @Test
    void aCameraImportedAndConfiguredByItsSiteEndsAsOneEntryOnEveryNodeWhicheverPartitionANodeAppliesFirst() throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        List<LogRecord> log;
        try (KafkaBrokers kafka = KafkaBrokers.start(1, dir.resolve("kafka"))) {
            KafkaLogConfig topic = new KafkaLogConfig(kafka.bootstrap(), TOPIC, 3, 1, 1, null, null);
            try (TestHub node = TestHub.start(dir.resolve("node-1"), district, clock,
                    c -> c.withCluster(new HubConfig.ClusterSection("node-1", topic, null)))) {
                TestHub.Api admin = node.admin();
                TestHub.Api.Response imported = admin.post("/api/v1/registry/import", """
                        {"tags": [{"path": "north-gate", "name": "North gate"}, {"path": "south-gate", "name": "South gate"}],
                         "cameras": [{"id": "cam-gate", "site": "%s", "name": "North gate camera", "kind": "bullet",
                                      "tags": ["north-gate"]}]}""".formatted(SITE));
                assertThat(imported.status()).as(imported.text()).isEqualTo(200);
                // the site's configuration takes the camera on: the admin's name stays, its tags are the configuration's,
                // from the catalog the import just grew
                TestHub.Api.Response put = admin.put("/api/v1/sites/" + SITE + "/config",
                        "{\"cameras\": [{\"id\": \"cam-gate\", \"url\": \"rtsp://10.1.1.1/gate\", \"tags\": [\"south-gate\"]}]}");
                assertThat(put.status()).as(put.text()).isEqualTo(200);
                entries.add(camera(admin));
            }
            log = LogTopic.read(kafka.bootstrap(), TOPIC);
        }

        List<LogRecord> imports = LogTopic.named(log, Registry.IMPORT);
        assertThat(imports).extracting(LogRecord::key).as("the camera's part under its site, the tags' part under the hub's key")
                .containsExactlyInAnyOrder(LogRecord.HUB, SITE);
        assertThat(entries.get(0).get("name").asText()).isEqualTo("North gate camera");
        assertThat(entries.get(0).get("tags")).as("the configuration came after the import, in the site's order")
                .isEqualTo(Json.mapper().valueToTree(List.of("south-gate")));

        int n = 0;
        for (List<LogRecord> order : LogTopic.bothWays(log)) {
            try (TestHub replica = TestHub.start(dir.resolve("replica-" + ++n), district, clock)) {
                LogTopic.apply(replica.hub().log(), order);
                entries.add(camera(replica.admin()));
            }
        }
        try (TestHub replica = TestHub.start(dir.resolve("replica-" + ++n), district, clock)) {
            LogTopic.applyInOneRound(replica.hub().store(), replica.hub().log(), log);
            entries.add(camera(replica.admin()));
        }
        assertThat(entries.get(1)).as("the partitions interleaved one way").isEqualTo(entries.get(0));
        assertThat(entries.get(2)).as("and the other way").isEqualTo(entries.get(0));
        assertThat(entries.get(3)).as("the import and the configuration in one store round, as a node catching up applies them")
                .isEqualTo(entries.get(0));
    }

    /** The camera's registry entry and the site's configuration version as a node shows them. */
    private static JsonNode camera(TestHub.Api admin) throws Exception {
        TestHub.Api.Response r = admin.get("/api/v1/cameras/cam-gate");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode c = r.json().get("camera");
        TestHub.Api.Response config = admin.get("/api/v1/sites/" + SITE + "/config");
        return Json.mapper().valueToTree(Map.of("site", c.path("site"), "name", c.path("name"), "kind", c.path("kind"), "tags", c.path("tags"),
                "auto", c.path("auto"), "configVersion", config.status() == 200 ? config.json().path("version") : config.text()));
    }
}
