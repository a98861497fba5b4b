package io.gmeye.hub.devicecommands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.log.KafkaLogConfig;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.log.LogTopic;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.kafka.KafkaBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device command batch across two sites in a cluster goes into the log as one record per site,
 * keyed by that site, so each command comes before its agent's acknowledgement and answer in the
 * site's partition. Read back from a real Kafka broker (its own JVM), the records a hub node wrote,
 * the answer of a real MQTT agent included, are applied by two fresh nodes with the partitions
 * interleaved each way: both end with the commands' states and the batch's counts the writing node has.
 */
class BatchInSiteOrderIT {
    private static final String TOPIC = "batch-order";
    private static final String ONE = "site-001";
    private static final String TWO = "site-002";
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T09:00:00Z"));
    final District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 6);

    @Test
    void anAgentsAnswerToABatchAcrossSitesIsKeptOnEveryNodeWhicheverPartitionANodeAppliesFirst() throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        List<LogRecord> log;
        List<String> ids = new ArrayList<>();
        String batchId;
        try (KafkaBrokers kafka = KafkaBrokers.start(1, dir.resolve("kafka"))) {
            KafkaLogConfig topic = new KafkaLogConfig(kafka.bootstrap(), TOPIC, 3, 1, 1, null, null);
            try (TestHub node = TestHub.start(dir.resolve("node-1"), district, clock,
                    c -> c.withCluster(new HubConfig.ClusterSection("node-1", topic, null)))) {
                TestHub.Api admin = node.admin();
                TestHub.Api.Response imported = admin.post("/api/v1/registry/import", Json.mapper().writeValueAsString(Map.of("devices", List.of(
                        Map.of("id", "lamp-1", "site", ONE, "type", "streetlight"), Map.of("id", "lamp-2", "site", TWO, "type", "streetlight")))));
                assertThat(imported.status()).as(imported.text()).isEqualTo(200);
                BlockingQueue<Command> got = new LinkedBlockingQueue<>();
                SiteAgentClient agent = node.agent(ONE).onDownlink(e -> {
                    if (e.body() instanceof Command c) {
                        got.add(c);
                    }
                });

                TestHub.Api.Response sent = admin.post("/api/v1/commands/batch", "{\"command\":\"turn_on\",\"type\":\"streetlight\",\"timeout\":30}");
                assertThat(sent.status()).as(sent.text()).isEqualTo(202);
                batchId = sent.json().get("id").asText();
                sent.json().get("commands").forEach(id -> ids.add(id.asText()));
                assertThat(ids).hasSize(2);
                Command c = got.poll(30, TimeUnit.SECONDS);
                assertThat(c).as("the agent of " + ONE + " got its command").isNotNull();
                agent.publish(Envelope.create(ONE, "agent", clock.millis(), new CommandResult(c.commandId(), CommandStatus.SUCCEEDED, null, Map.of())));
                await().atMost(Duration.ofSeconds(20)).until(() -> node.hub().deviceCommands().find(c.commandId()).state() == CommandStatus.SUCCEEDED);
                seen.add(state(admin, batchId, ids));
            }
            log = LogTopic.read(kafka.bootstrap(), TOPIC);
        }

        assertThat(LogTopic.named(log, DeviceCommandService.BATCH)).extracting(LogRecord::key).as("each site's share under its site")
                .containsExactlyInAnyOrder(ONE, TWO);
        assertThat(seen.get(0).get("batch").get("states")).as("one answered, one waiting")
                .isEqualTo(Json.mapper().valueToTree(Map.of("queued", 1, "succeeded", 1)));

        int n = 0;
        for (List<LogRecord> order : LogTopic.bothWays(log)) {
            try (TestHub replica = TestHub.start(dir.resolve("replica-" + ++n), district, clock)) {
                LogTopic.apply(replica.hub().log(), order);
                seen.add(state(replica.admin(), batchId, ids));
            }
        }
        assertThat(seen.get(1)).as("the partitions interleaved one way").isEqualTo(seen.get(0));
        assertThat(seen.get(2)).as("and the other way").isEqualTo(seen.get(0));
    }

    /** The batch's counts and each command's state and steps, as a node shows them. */
    private static JsonNode state(TestHub.Api admin, String batch, List<String> ids) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        TestHub.Api.Response b = admin.get("/api/v1/commands/batches/" + batch);
        assertThat(b.status()).as(b.text()).isEqualTo(200);
        out.put("batch", Map.of("states", b.json().get("states"), "summary", b.json().get("summary")));
        for (String id : ids) {
            JsonNode c = admin.get("/api/v1/commands/" + id).json();
            out.put(id, Map.of("state", c.path("state"), "steps", c.path("steps")));
        }
        return Json.mapper().valueToTree(out);
    }
}
