package io.gmeye.system.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.checkpoint.CheckpointRecords;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.rigs.devices.MqttSim;
import io.gmeye.rigs.net.FaultProxy;
import io.gmeye.rigs.net.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four-end linkage end to end: hub (whitelist, records, alerts) ⇄ agent (over the rigs' FaultProxy
 * that records the uplink and can cut it) ⇄ sentinel and turnstile on MQTT. Gates decide with
 * the uplink up and cut; when it returns the hub holds every pass once and each alert once, and
 * the captured uplink holds no raw ID number.
 */
class CheckpointUplinkIT {
    static final String SALT = "district-salt-system-test";
    static final PersonRef REFS = new PersonRef(SALT);
    static final String ALICE = "440301199001011234";
    static final String CAROL = "44030119850505567X";
    static final String ERIN = "440304200202023456"; // added to the whitelist while the uplink is cut

    @TempDir
    Path dir;
    private static final String ADMIN_PASSWORD = "admin-pass-for-test";

    @Test
    void gatesDecideWithTheUplinkUpAndCutAndTheHubEndsWithEveryRecordOnce() throws Exception {
        Hub hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("site-c", "site-c", "c-secret", null, List.of())),
                new HubConfig.AuthSection(null, null, ADMIN_PASSWORD)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        hub.whitelist().update(List.of(white(ALICE), white(CAROL)), List.of(), "test");
        FaultProxy wan = new FaultProxy(hub.mqttPort());
        wan.capture(true);
        Files.writeString(dir.resolve("devices.yaml"), "devices:\n"
                + "  - {id: s-1, type: sentinel, checkpoint: cp-1, secret: \"" + DeviceSecret.hash("pw-s-1") + "\"}\n"
                + "  - {id: t-1, type: turnstile, checkpoint: cp-1, secret: \"" + DeviceSecret.hash("pw-t-1") + "\"}\n");
        int devicePort = FreePorts.next();
        String yaml = """
                site: site-c
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:%d", password: c-secret, reconnectMin: 200ms, reconnectMax: 1s}
                health: {interval: 1s}
                devices:
                  enabled: true
                  typesDir: %s
                  registryFile: %s
                  mqtt: {enabled: true, host: 127.0.0.1, port: %d}
                  coap: {enabled: false}
                checkpoint: {enabled: true, salt: %s, turnstileTimeout: 5s}
                """.formatted(dir.resolve("agent"), wan.port(), Path.of(System.getProperty("gmeye.root")).resolve("config/device-types"),
                dir.resolve("devices.yaml"), devicePort, SALT);
        AgentConfig config = new YamlConfigLoader("GMEYE_").loadString("agent.yaml", yaml, AgentConfig.class, Map.of());
        Agent agent = Agent.start(config);
        BlockingQueue<DeviceCommandMessage> gate = new LinkedBlockingQueue<>();
        MqttSim turnstile = new MqttSim("tcp://127.0.0.1:" + devicePort, "t-1", "pw-t-1", (sim, cmd) -> gate.add(cmd)).connect();
        MqttSim sentinel = new MqttSim("tcp://127.0.0.1:" + devicePort, "s-1", "pw-s-1", (sim, cmd) -> { }).connect();
        try {
            // the agent starts with no whitelist, asks for it, and gets the full list
            await(() -> agent.checkpoints().whitelistVersion().getAsLong() == 1, "agent holds whitelist version 1");
            List<String> expectedPasses = new ArrayList<>();

            expectedPasses.add(pass(sentinel, turnstile, gate, ALICE, "green", "open"));
            expectedPasses.add(pass(sentinel, turnstile, gate, CAROL, "red", "deny"));

            wan.drop();
            await(() -> !agent.uplink().connected(), "uplink down");
            hub.whitelist().update(List.of(white(ERIN)), List.of(), "test"); // cannot reach the agent now
            expectedPasses.add(pass(sentinel, turnstile, gate, ALICE, "green", "open"));
            expectedPasses.add(pass(sentinel, turnstile, gate, CAROL, "red", "deny"));
            expectedPasses.add(pass(sentinel, turnstile, gate, ERIN, "green", "deny")); // not yet on the agent's list

            wan.pass();
            await(() -> agent.checkpoints().whitelistVersion().getAsLong() == 2, "agent caught up with whitelist version 2");
            expectedPasses.add(pass(sentinel, turnstile, gate, ERIN, "green", "open"));

            await(() -> blocking(() -> hub.checkpoints().passes("cp-1", 100).size() == expectedPasses.size()
                    && hub.checkpoints().passes("cp-1", 100).stream()
                            .allMatch(p -> (p.pass().decision() == PassDecision.ALLOW ? "passed" : "denied").equals(p.pass().outcome()))),
                    "hub holds every pass with its outcome");
            List<CheckpointRecords.StoredPass> passes = hub.checkpoints().passes("cp-1", 100);
            assertThat(passes).extracting(p -> p.pass().passId()).containsExactlyInAnyOrderElementsOf(expectedPasses);
            HttpClient http = HttpClient.newHttpClient();
            String token = login(http, hub);
            com.fasterxml.jackson.databind.JsonNode alerts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/checkpoints/alerts"))
                            .header("authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(alerts).hasSize(2).allSatisfy(a -> {
                assertThat(a.path("alert").path("kind").asText()).isEqualTo("red_code");
                assertThat(a.path("state").asText()).isEqualTo("discovered");
            });

            // nothing doubled: each message the agent sent is stored once, by id; every pass sends 2 records (decision, outcome)
            Map<MessageType, Integer> stored = new HashMap<>();
            EnvelopeCodec codec = new EnvelopeCodec();
            hub.store().scan(Space.MESSAGES, new byte[0], false, (k, v) -> {
                Envelope<?> e = codec.decode(v);
                stored.merge(e.type(), 1, Integer::sum);
                return true;
            });
            assertThat(stored.get(MessageType.CHECKPOINT_PASS)).isEqualTo(2 * expectedPasses.size());
            assertThat(stored.get(MessageType.CHECKPOINT_ALERT)).isEqualTo(2);

            // alert lifecycle at the hub, one step at a time
            String alertId = alerts.get(0).path("alert").path("alertId").asText();
            assertThat(post(http, hub, null, alertId, "warned").statusCode()).as("no session").isEqualTo(401);
            assertThat(post(http, hub, token, alertId, "verified").statusCode()).isEqualTo(409);
            for (String s : List.of("warned", "verified", "disposed")) {
                HttpResponse<String> r = post(http, hub, token, alertId, s);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("\"state\":\"" + s + "\"");
            }
            assertThat(post(http, hub, token, alertId, "warned").body()).contains("closed");

            String uplink = new String(wan.captured(), StandardCharsets.ISO_8859_1);
            assertThat(uplink).contains(REFS.hash(ALICE)).contains("4403**********1234");
            for (String raw : List.of(ALICE, CAROL, ERIN)) {
                assertThat(uplink).doesNotContain(raw).doesNotContain(raw.substring(4, 14));
            }
        } finally {
            sentinel.close();
            turnstile.close();
            agent.close();
            wan.close();
            hub.close();
        }
    }

    private static WhitelistEntry white(String raw) {
        return new WhitelistEntry(REFS.hash(raw), "white", PersonRef.mask(raw), 0);
    }

    /** A scan; the turnstile gets {@code expected}, and walks the person through when it opened. Returns the passId. */
    private static String pass(MqttSim sentinel, MqttSim turnstile, BlockingQueue<DeviceCommandMessage> gate, String ref, String code,
                               String expected) throws Exception {
        sentinel.event("scan", Map.of("credential", "id_card", "ref", ref, "healthCode", code, "temperature", 36.5)).waitForCompletion(5000);
        DeviceCommandMessage cmd = gate.poll(5, TimeUnit.SECONDS);
        assertThat(cmd).as("turnstile command for " + PersonRef.mask(ref)).isNotNull();
        assertThat(cmd.name()).as("gate for " + PersonRef.mask(ref)).isEqualTo(expected);
        String passId = (String) cmd.params().get("passId");
        if (expected.equals("open")) {
            turnstile.event("passed", Map.of("passId", passId)).waitForCompletion(5000);
        }
        return passId;
    }

    private static String login(HttpClient http, Hub hub) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/auth/login"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("token").asText();
    }

    private static HttpResponse<String> post(HttpClient http, Hub hub, String token, String alertId, String state) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/checkpoints/alerts/" + alertId + "/state"));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return http.send(b.header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\",\"note\":\"by the test\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean blocking(BooleanSupplier s) {
        return s.getAsBoolean();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

}
