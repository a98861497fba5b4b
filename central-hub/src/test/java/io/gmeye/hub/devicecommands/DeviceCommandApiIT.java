package io.gmeye.hub.devicecommands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.StreamClient;
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
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators' device commands at the hub over real wires: the REST API (checked against the
 * OpenAPI document), the WebSocket stream, and a site's agent played by a real MQTT client that
 * takes the hub's device.command and reports states back as an agent does. The agent's own
 * handling, with real devices, is in the system tests.
 */
class DeviceCommandApiIT {
    static final Instant T0 = Instant.parse("2026-11-30T19:00:00Z");
    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock(T0);
    static TestHub hub;
    static TestHub.Api admin;
    static Traffic traffic;
    static final int BATCH_MAX = 5;

    @BeforeAll
    static void start() throws Exception {
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 16);
        traffic = new Traffic(district, 16);
        // small batches, so the size limit shows on the registry this test holds
        hub = TestHub.start(dir, district, clock, c -> c.withCommands(new HubConfig.CommandsSection(null, null, null, BATCH_MAX, null, null)));
        admin = hub.admin();
        hub.importRegistry(admin);
        List<Map<String, Object>> devices = new ArrayList<>();
        for (String site : List.of("site-001", "site-002", "site-003")) {
            for (int i = 1; i <= 4; i++) {
                devices.add(Map.of("id", "lamp-" + site.substring(5) + "-" + i, "site", site, "type", "streetlight",
                        "tags", List.of("street/test-" + site.substring(5))));
            }
            devices.add(Map.of("id", "gate-" + site.substring(5), "site", site, "type", "turnstile", "checkpoint", "cp-" + site.substring(5)));
            devices.add(Map.of("id", "door-" + site.substring(5), "site", site, "type", "door_contact", "tags", List.of("street/test-" + site.substring(5))));
        }
        List<Map<String, Object>> tags = List.of(Map.of("path", "street", "label", "街道"), Map.of("path", "street/test-001", "label", "测试街一"),
                Map.of("path", "street/test-002", "label", "测试街二"), Map.of("path", "street/test-003", "label", "测试街三"));
        List<Map<String, Object>> checkpoints = List.of(Map.of("id", "cp-001", "site", "site-001"), Map.of("id", "cp-002", "site", "site-002"),
                Map.of("id", "cp-003", "site", "site-003"));
        TestHub.Api.Response r = admin.post("/api/v1/registry/import", Json.mapper().writeValueAsString(Map.of("tags", tags, "devices", devices,
                "checkpoints", checkpoints)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    /** A site's agent that takes every command the hub sends down. */
    static final class Agent implements AutoCloseable {
        final SiteAgentClient client;
        final BlockingQueue<Command> got = new LinkedBlockingQueue<>();

        Agent(String site) throws Exception {
            client = hub.agent(site).onDownlink(e -> {
                if (e.body() instanceof Command c) {
                    got.add(c);
                }
            });
        }

        Command next() throws InterruptedException {
            Command c = got.poll(20, TimeUnit.SECONDS);
            assertThat(c).as("the agent got a command").isNotNull();
            return c;
        }

        /** The next command with one of these ids (others a test left waiting for this site may come too). */
        Command nextOf(java.util.Collection<String> ids) throws InterruptedException {
            while (true) {
                Command c = next();
                if (ids.contains(c.commandId())) {
                    return c;
                }
            }
        }

        /** The ids of the commands that came within the time. */
        List<String> drain(Duration within) throws InterruptedException {
            List<String> out = new ArrayList<>();
            long end = System.nanoTime() + within.toNanos();
            for (Command c; (c = got.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                out.add(c.commandId());
            }
            return out;
        }

        void report(String commandId, CommandStatus s, String message) throws Exception {
            client.publish(Envelope.create(client.site(), "agent", clock.millis(), new CommandResult(commandId, s, message, Map.of())));
        }

        void heartbeat() throws Exception {
            client.publish(traffic.agentHealth(client.site(), 0, clock.millis()));
        }

        @Override
        public void close() {
            client.close();
        }
    }

    @Test
    void aCommandGoesToTheSitesAgentAndEachStateItReportsIsStoredAuditedAndPushedInOrder() throws Exception {
        TestHub.Api olga = hub.user(admin, "olga", "operator", List.of());
        try (Agent agent = new Agent("site-001"); StreamClient screen = new StreamClient(hub.base(), olga.token())) {
            TestHub.Api.Response sent = olga.post("/api/v1/devices/lamp-001-1/commands",
                    "{\"command\":\"dim\",\"args\":{\"level\":40},\"timeout\":120,\"reason\":\"夜间节能, 联系 13800138000\"}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String id = sent.json().get("id").asText();
            assertThat(sent.json().get("state").asText()).isEqualTo("queued");
            assertThat(sent.json().get("reason").asText()).as("a phone number in a reason is masked").isEqualTo("夜间节能, 联系 138****8000");

            Command c = agent.nextOf(List.of(id));
            assertThat(c.name()).isEqualTo("device.command");
            assertThat(c.target()).isEqualTo("lamp-001-1");
            assertThat(c.params()).containsEntry("command", "dim").containsEntry("args", Map.of("level", 40));
            assertThat(c.expiresAt()).isEqualTo(clock.millis() + 120_000);

            agent.report(id, CommandStatus.QUEUED, null);
            agent.report(id, CommandStatus.SENT, null);
            agent.report(id, CommandStatus.DELIVERED, null);
            agent.report(id, CommandStatus.SUCCEEDED, "dimmed to 40%");
            StreamClient.await(() -> screen.commandStates(id).contains("succeeded"), Duration.ofSeconds(20), "the end on the stream");
            assertThat(screen.commandStates(id)).as("each state pushed, in order").containsSubsequence("queued", "sent", "delivered", "succeeded");

            JsonNode stored = olga.get("/api/v1/commands/" + id).json();
            assertThat(stored.get("state").asText()).isEqualTo("succeeded");
            assertThat(stored.get("message").asText()).isEqualTo("dimmed to 40%");
            assertThat(stored.get("endedBy").asText()).isEqualTo("agent");
            assertThat(stored.get("steps").findValuesAsText("state")).containsExactly("queued", "sent", "delivered", "succeeded");
            assertThat(olga.get("/api/v1/commands?device=lamp-001-1").json().findValuesAsText("id")).contains(id);
            assertThat(olga.get("/api/v1/commands?state=succeeded&site=site-001").json().findValuesAsText("id")).contains(id);
            assertThat(olga.get("/api/v1/commands?state=open&device=lamp-001-1").json()).isEmpty();

            List<JsonNode> audit = new ArrayList<>();
            hub.admin().get("/api/v1/audit?target=lamp-001-1").json().forEach(e -> {
                if (e.get("detail").path("commandId").asText().equals(id)) {
                    audit.add(e);
                }
            });
            assertThat(audit).extracting(e -> e.get("action").asText()).containsExactly("device.command.succeeded", "device.command");
            assertThat(audit.get(1).get("actor").asText()).isEqualTo("olga");
            assertThat(audit.get(1).get("detail").get("reason").asText()).contains("夜间节能");
            assertThat(audit.get(0).get("actor").asText()).isEqualTo("agent:site-001");
            assertThat(audit.get(0).get("detail").get("sentBy").asText()).isEqualTo("olga");
        }
    }

    @Test
    void refusesACommandWithEveryProblemAndRecordsNothing() throws Exception {
        TestHub.Api oscar = hub.user(admin, "oscar", "operator", List.of());
        TestHub.Api.Response bad = oscar.post("/api/v1/devices/lamp-002-3/commands",
                "{\"command\":\"dim\",\"args\":{\"level\":140,\"colour\":\"red\"}}");
        assertThat(bad.status()).isEqualTo(400);
        List<String> problems = new ArrayList<>();
        bad.json().get("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).containsExactlyInAnyOrder("args.level: 140.0 % is above the maximum 100.0",
                "args.colour: not declared for command dim of type streetlight (it declares level)");

        TestHub.Api.Response unknown = oscar.post("/api/v1/devices/lamp-002-3/commands", "{\"command\":\"explode\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("problems").get(0).asText())
                .isEqualTo("command: 'explode' is not a command an operator can send to type streetlight (it has turn_on, turn_off, dim)");
        TestHub.Api.Response agentOnly = oscar.post("/api/v1/devices/gate-001/commands", "{\"command\":\"open\",\"args\":{\"passId\":\"p-1\"}}");
        assertThat(agentOnly.json().get("problems").get(0).asText()).contains("is not a command an operator can send to type turnstile")
                .contains("remote_open");
        TestHub.Api.Response timeout = oscar.post("/api/v1/devices/lamp-002-3/commands", "{\"command\":\"turn_on\",\"timeout\":0}");
        assertThat(timeout.status()).isEqualTo(400);
        assertThat(timeout.json().get("problems").get(0).asText()).startsWith("timeout: must be 1 to 86400 seconds");
        assertThat(oscar.post("/api/v1/devices/no-such-lamp/commands", "{\"command\":\"turn_on\"}").status()).isEqualTo(404);
        assertThat(oscar.post("/api/v1/devices/lamp-002-3/commands", "{\"command\":\"turn_on\",\"args\":[1]}").status()).isEqualTo(400);
        assertThat(oscar.get("/api/v1/commands?device=lamp-002-3").json()).as("nothing refused is recorded").isEmpty();
        assertThat(hub.admin().get("/api/v1/audit?target=lamp-002-3").json()).isEmpty();
    }

    @Test
    void remoteOpenOfAGateNeedsAReasonWhichTheAuditLogKeeps() throws Exception {
        TestHub.Api rita = hub.user(admin, "rita", "operator", List.of("site-001"));
        TestHub.Api.Response none = rita.post("/api/v1/devices/gate-001/commands", "{\"command\":\"remote_open\",\"args\":{\"seconds\":5}}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("problems").get(0).asText()).isEqualTo("reason: is required for remote_open (say why: it goes to the audit log)");
        assertThat(rita.post("/api/v1/devices/gate-001/commands", "{\"command\":\"remote_open\",\"reason\":\"  \"}").status()).isEqualTo(400);

        TestHub.Api.Response open = rita.post("/api/v1/devices/gate-001/commands",
                "{\"command\":\"remote_open\",\"args\":{\"seconds\":5},\"reason\":\"闸机卡住, 救护车通行\"}");
        assertThat(open.status()).as(open.text()).isEqualTo(202);
        JsonNode audit = hub.admin().get("/api/v1/audit?target=gate-001").json();
        assertThat(audit.get(0).get("action").asText()).isEqualTo("device.command");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("rita");
        assertThat(audit.get(0).get("detail").get("command").asText()).isEqualTo("remote_open");
        assertThat(audit.get(0).get("detail").get("reason").asText()).isEqualTo("闸机卡住, 救护车通行");
    }

    @Test
    void viewersAndOperatorsOutsideTheDevicesSiteAreRefused() throws Exception {
        TestHub.Api vera = hub.user(admin, "vera", "viewer", List.of());
        TestHub.Api.Response byViewer = vera.post("/api/v1/devices/lamp-001-3/commands", "{\"command\":\"turn_on\"}");
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(byViewer.json().get("reason").asText()).contains("operator");
        TestHub.Api owen = hub.user(admin, "owen", "operator", List.of("site-002"));
        TestHub.Api.Response outside = owen.post("/api/v1/devices/lamp-001-3/commands", "{\"command\":\"turn_on\"}");
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.json().get("reason").asText()).contains("site-001");
        assertThat(owen.post("/api/v1/commands/batch", "{\"command\":\"turn_on\",\"type\":\"streetlight\",\"site\":\"site-001\"}").status())
                .isEqualTo(403);

        TestHub.Api ada = hub.user(admin, "ada", "operator", List.of());
        String id = ada.post("/api/v1/devices/lamp-001-3/commands", "{\"command\":\"turn_on\"}").json().get("id").asText();
        assertThat(owen.get("/api/v1/commands/" + id).status()).as("a command in another site").isEqualTo(403);
        assertThat(owen.get("/api/v1/commands?device=lamp-001-3").json()).as("lists hold only the operator's sites").isEmpty();
        assertThat(vera.get("/api/v1/commands/" + id).json().get("sentBy").asText()).isEqualTo("ada");
    }

    @Test
    void aCommandWaitsAtTheHubWhileTheAgentIsAwayGoesOutOnItsHeartbeatAndExpiresIfItNeverComesBack() throws Exception {
        TestHub.Api ivy = hub.user(admin, "ivy", "operator", List.of());
        TestHub.Api.Response waiting = ivy.post("/api/v1/devices/lamp-002-1/commands", "{\"command\":\"turn_off\",\"timeout\":600}");
        assertThat(waiting.json().get("message").asText()).isEqualTo("waiting for the agent of site site-002 to connect");
        String id = waiting.json().get("id").asText();
        try (Agent agent = new Agent("site-002")) {
            agent.heartbeat();
            agent.nextOf(List.of(id));
            agent.report(id, CommandStatus.QUEUED, "lamp-002-1 is not connected; waiting for it");
            StreamClient.await(() -> {
                try {
                    return ivy.get("/api/v1/commands/" + id).json().get("taken").asBoolean();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(20), "the agent holds it");
            JsonNode held = ivy.get("/api/v1/commands/" + id).json();
            assertThat(held.get("message").asText()).isEqualTo("lamp-002-1 is not connected; waiting for it");
            assertThat(held.get("steps")).as("queued once, at the hub then at the agent").hasSize(1);
            agent.heartbeat();
            assertThat(agent.drain(Duration.ofSeconds(2))).as("not sent again once the agent holds it").doesNotContain(id);
        }

        TestHub.Api.Response lost = ivy.post("/api/v1/devices/lamp-003-1/commands", "{\"command\":\"turn_on\",\"timeout\":30}");
        String lostId = lost.json().get("id").asText();
        clock.advance(Duration.ofSeconds(31));
        StreamClient.await(() -> {
            try {
                return ivy.get("/api/v1/commands/" + lostId).json().get("state").asText().equals("expired");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(20), "the hub expires it");
        JsonNode expired = ivy.get("/api/v1/commands/" + lostId).json();
        assertThat(expired.get("message").asText()).isEqualTo("the agent of site site-003 was not connected before the command's deadline");
        assertThat(expired.get("endedBy").asText()).isEqualTo("hub");
        JsonNode audit = hub.admin().get("/api/v1/audit?target=lamp-003-1").json();
        assertThat(audit.get(0).get("action").asText()).isEqualTo("device.command.expired");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("hub");
        try (Agent late = new Agent("site-003")) {
            late.heartbeat();
            assertThat(late.drain(Duration.ofSeconds(2))).as("an expired command is not sent").doesNotContain(lostId);
        }
    }

    @Test
    void aBatchToATagCommandsEachDeviceThatHasTheCommandAndSummarisesTheirStatesWithinItsLimits() throws Exception {
        TestHub.Api bo = hub.user(admin, "bo", "operator", List.of());
        try (Agent agent = new Agent("site-001"); StreamClient screen = new StreamClient(hub.base(), bo.token())) {
            TestHub.Api.Response sent = bo.post("/api/v1/commands/batch",
                    "{\"command\":\"turn_on\",\"tag\":\"street/test-001\",\"reason\":\"天黑提前开灯\"}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            JsonNode batch = sent.json();
            String batchId = batch.get("id").asText();
            assertThat(batch.get("commands")).hasSize(4);
            assertThat(batch.get("skipped").asInt()).as("the door contact under the tag has no turn_on").isEqualTo(1);
            assertThat(batch.get("site").asText()).isEqualTo("site-001");
            assertThat(batch.get("summary").get("pending").asInt()).isEqualTo(4);
            List<String> ids = new ArrayList<>();
            batch.get("commands").forEach(x -> ids.add(x.asText()));
            List<Command> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(agent.nextOf(ids));
            }
            assertThat(got).extracting(Command::target).containsExactlyInAnyOrder("lamp-001-1", "lamp-001-2", "lamp-001-3", "lamp-001-4");
            for (int i = 0; i < 4; i++) {
                agent.report(got.get(i).commandId(), i < 3 ? CommandStatus.SUCCEEDED : CommandStatus.EXPIRED, i < 3 ? null : "lamp offline");
            }
            StreamClient.await(() -> screen.batchSummary(batchId) != null && screen.batchSummary(batchId).get("pending").asInt() == 0,
                    Duration.ofSeconds(20), "the batch's summary on the stream");
            JsonNode summary = bo.get("/api/v1/commands/batches/" + batchId).json().get("summary");
            assertThat(summary.get("succeeded").asInt()).isEqualTo(3);
            assertThat(summary.get("failed").asInt()).isEqualTo(1);
            assertThat(summary.get("byState").get("expired").asInt()).isEqualTo(1);
            assertThat(bo.get("/api/v1/commands?batch=" + batchId).json()).hasSize(4);
            assertThat(hub.admin().get("/api/v1/audit?actor=bo").json().findValuesAsText("action"))
                    .containsOnly("device.command", "device.command.batch").hasSize(5);
        }

        TestHub.Api.Response nothing = bo.post("/api/v1/commands/batch", "{\"command\":\"turn_on\",\"type\":\"door_contact\"}");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.json().get("problems").get(0).asText()).contains("no device of type door_contact").contains("has the command 'turn_on'");
        TestHub.Api.Response noSelection = bo.post("/api/v1/commands/batch", "{\"command\":\"turn_on\"}");
        assertThat(noSelection.json().get("problems").get(0).asText()).startsWith("tag, type: give a tag, a device type or both");
        TestHub.Api.Response badArgs = bo.post("/api/v1/commands/batch", "{\"command\":\"dim\",\"tag\":\"street/test-002\",\"args\":{\"level\":-1}}");
        assertThat(badArgs.json().get("problems").get(0).asText()).isEqualTo("args.level: -1.0 % is below the minimum 0.0");

        // the bucket holds 6 batches a minute and the test's clock does not move: the 1st went out above
        for (int i = 0; i < 5; i++) {
            assertThat(bo.post("/api/v1/commands/batch", "{\"command\":\"turn_off\",\"tag\":\"street/test-003\"}").status()).isEqualTo(202);
        }
        TestHub.Api.Response throttled = bo.post("/api/v1/commands/batch", "{\"command\":\"turn_off\",\"tag\":\"street/test-003\"}");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().get("reason").asText()).contains("more than 6 batches a minute");
    }

    @Test
    void aBatchLargerThanTheLimitIsRefusedWithHowToNarrowIt() throws Exception {
        TestHub.Api cy = hub.user(admin, "cy", "operator", List.of());
        TestHub.Api.Response all = cy.post("/api/v1/commands/batch", "{\"command\":\"turn_on\",\"type\":\"streetlight\"}");
        assertThat(all.status()).isEqualTo(400);
        assertThat(all.json().get("problems").get(0).asText()).startsWith("type: selects ")
                .contains("a batch commands at most " + BATCH_MAX + " (commands.batchMax in hub.yaml): narrow it by site, tag or type");
        assertThat(cy.get("/api/v1/commands?sentBy=cy").json()).as("nothing sent").isEmpty();
    }
}
