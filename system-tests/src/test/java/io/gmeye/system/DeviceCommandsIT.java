package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.StreamClient;
import io.gmeye.hub.views.TestHub;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.devices.MqttSim;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator commands devices through the hub's REST API, end to end over real wires: the hub
 * routes the command over MQTT to a real agent, which sends it to a Paho lamp (MQTT) and to a
 * libcoap lamp (coap-client observing its cmd resource); each state comes back through the
 * agent's outbox and shows on the operator's WebSocket in order, and the audit log says who sent
 * it, why, and how it ended. A lamp that never connects holds its command queued until it
 * expires, with the reason.
 */
class DeviceCommandsIT {
    private static final String SITE = "cmd-site";
    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();
    @TempDir
    static Path dir;
    static Hub hub;
    static Agent agent;
    static TestHub.Api admin;
    static TestHub.Api olga;
    static final ScheduledExecutorService lampTime = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection(SITE, SITE, "cmd-secret", null, List.of())),
                new HubConfig.AuthSection(null, null, "admin-pass-commands")).withDeviceTypes(TestHub.deviceTypes()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + hub.httpPort();
        admin = login(base, "admin", "admin-pass-commands");
        assertThat(admin.post("/api/v1/users", "{\"name\":\"olga\",\"role\":\"operator\",\"password\":\"olga-password\"}").status()).isEqualTo(200);
        olga = login(base, "olga", "olga-password");
        Files.writeString(dir.resolve("devices.yaml"), "devices:\n"
                + "  - {id: lamp-m, type: streetlight, secret: \"" + DeviceSecret.hash("pw-lamp-m") + "\"}\n"
                + "  - {id: lamp-c, type: streetlight}\n"
                + "  - {id: lamp-off, type: streetlight, secret: \"" + DeviceSecret.hash("pw-lamp-off") + "\"}\n");
        AgentConfig config = DeviceAgentConfig.of(SITE, dir.resolve("agent"), hub.mqttPort(), "cmd-secret", ROOT.resolve("config/device-types"),
                dir.resolve("devices.yaml"), """
                  mqtt: {enabled: true, host: 127.0.0.1, port: 0}
                  coap: {enabled: true, host: 127.0.0.1, port: 0, dtlsPort: 0, allowPlain: true}
                """);
        agent = Agent.start(config, Clock.systemUTC());
        // the agent's device health registers its devices at the hub
        await(() -> status(admin.get("/api/v1/devices/lamp-off")) == 200 && status(admin.get("/api/v1/devices/lamp-c")) == 200,
                "the hub knows the lamps");
    }

    @AfterAll
    static void stop() {
        lampTime.shutdownNow();
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aCommandThroughTheApiReachesAPahoLampAndEachStateShowsOnTheWebSocketInOrder() throws Exception {
        BlockingQueue<DeviceCommandMessage> got = new LinkedBlockingQueue<>();
        // a lamp that switches and then says so, as one would: its answer comes a moment after it took the command
        try (MqttSim lamp = new MqttSim("tcp://127.0.0.1:" + agent.devices().mqttPorts().get(0), "lamp-m", "pw-lamp-m", (sim, c) -> {
            got.add(c);
            lampTime.schedule(() -> {
                sim.event("cmd.result", Map.of("commandId", c.commandId(), "status", "succeeded"));
                return null;
            }, 300, TimeUnit.MILLISECONDS);
        }).connect(); StreamClient screen = new StreamClient(base(), olga.token())) {
            await(() -> agent.devices().links().reachable("lamp-m"), "lamp-m connected");
            TestHub.Api.Response sent = olga.post("/api/v1/devices/lamp-m/commands",
                    "{\"command\":\"dim\",\"args\":{\"level\":40},\"reason\":\"夜间节能\"}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String id = sent.json().get("id").asText();

            DeviceCommandMessage onLamp = got.poll(30, TimeUnit.SECONDS);
            assertThat(onLamp).as("the lamp got it").isNotNull();
            assertThat(onLamp.commandId()).isEqualTo(id);
            assertThat(onLamp.name()).isEqualTo("dim");
            assertThat(onLamp.params()).containsEntry("level", 40);
            await(() -> screen.commandStates(id).contains("succeeded"), "the end on the operator's screen");
            assertThat(distinct(screen.commandStates(id))).containsExactly("queued", "sent", "delivered", "succeeded");
            assertThat(olga.get("/api/v1/commands/" + id).json().get("steps").findValuesAsText("state"))
                    .containsExactly("queued", "sent", "delivered", "succeeded");
            assertAudited(id, "lamp-m", "succeeded", "夜间节能");
            assertThat(got.poll(1, TimeUnit.SECONDS)).as("sent once").isNull();
        }
    }

    @Test
    void aCommandThroughTheApiReachesALibcoapLampObservingItsCommandsAndItsAnswerEndsIt() throws Exception {
        int port = agent.devices().coapPorts().get(0);
        Process observer = new ProcessBuilder("coap-client-notls", "-s", "60", "-w", "coap://127.0.0.1:" + port + "/v1/lamp-c/cmd")
                .redirectErrorStream(true).start();
        try (StreamClient screen = new StreamClient(base(), olga.token())) {
            await(() -> agent.devices().links().reachable("lamp-c"), "coap-client observing lamp-c's commands");
            TestHub.Api.Response sent = olga.post("/api/v1/devices/lamp-c/commands", "{\"command\":\"turn_off\",\"reason\":\"维修\"}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String id = sent.json().get("id").asText();
            BufferedReader out = new BufferedReader(new InputStreamReader(observer.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains(id));
            assertThat(line).as("coap-client printed the command").isNotNull();
            JsonNode onLamp = Json.mapper().readTree(line.substring(line.indexOf('{')));
            assertThat(onLamp.get("name").asText()).isEqualTo("turn_off");
            // libcoap acknowledged the confirmable notification: delivered; now the lamp answers with its result
            await(() -> screen.commandStates(id).contains("delivered"), "delivered on the operator's screen");
            Process reply = new ProcessBuilder("coap-client-notls", "-m", "post", "-e",
                    "{\"name\":\"cmd.result\",\"data\":{\"commandId\":\"" + id + "\",\"status\":\"failed\",\"message\":\"relay stuck\"}}",
                    "coap://127.0.0.1:" + port + "/v1/lamp-c/event").redirectErrorStream(true).start();
            assertThat(reply.waitFor(20, TimeUnit.SECONDS)).isTrue();
            await(() -> screen.commandStates(id).contains("failed"), "the end on the operator's screen");
            assertThat(distinct(screen.commandStates(id))).containsExactly("queued", "sent", "delivered", "failed");
            assertThat(screen.lastCommand(id).get("message").asText()).isEqualTo("relay stuck");
            assertAudited(id, "lamp-c", "failed", "维修");
        } finally {
            observer.destroy();
        }
    }

    @Test
    void aCommandToAnOfflineLampWaitsQueuedAtTheAgentAndExpiresWithTheReason() throws Exception {
        try (StreamClient screen = new StreamClient(base(), olga.token())) {
            TestHub.Api.Response sent = olga.post("/api/v1/devices/lamp-off/commands", "{\"command\":\"turn_on\",\"timeout\":3}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String id = sent.json().get("id").asText();
            await(() -> screen.lastCommand(id) != null && screen.lastCommand(id).get("taken").asBoolean(), "the agent holds it");
            assertThat(screen.lastCommand(id).get("state").asText()).isEqualTo("queued");
            assertThat(screen.lastCommand(id).get("message").asText()).isEqualTo("lamp-off is not connected; waiting for it");
            await(() -> screen.commandStates(id).contains("expired"), "it expires");
            assertThat(distinct(screen.commandStates(id))).containsExactly("queued", "expired");
            JsonNode end = olga.get("/api/v1/commands/" + id).json();
            assertThat(end.get("message").asText()).isEqualTo("lamp-off could not be reached before the command's deadline");
            assertThat(end.get("endedBy").asText()).isEqualTo("agent");
            assertAudited(id, "lamp-off", "expired", null);
        }
    }

    /** The audit log holds the command with who sent it and why, and its end with who judged it. */
    private static void assertAudited(String id, String device, String end, String reason) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        admin.get("/api/v1/audit?target=" + device).json().forEach(e -> {
            if (e.get("detail").path("commandId").asText().equals(id)) {
                entries.add(e);
            }
        });
        assertThat(entries).extracting(e -> e.get("action").asText()).containsExactly("device.command." + end, "device.command");
        assertThat(entries.get(1).get("actor").asText()).isEqualTo("olga");
        assertThat(entries.get(0).get("actor").asText()).isEqualTo("agent:" + SITE);
        if (reason != null) {
            assertThat(entries.get(1).get("detail").get("reason").asText()).isEqualTo(reason);
        }
    }

    /** The states in order with repeats of the same state (a new reason, the agent taking it) folded. */
    static List<String> distinct(List<String> states) {
        List<String> out = new ArrayList<>();
        for (String s : states) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static String base() {
        return "http://127.0.0.1:" + hub.httpPort();
    }

    private static TestHub.Api login(String base, String user, String password) throws Exception {
        TestHub.Api.Response r = new TestHub.Api(base, null).post("/api/v1/auth/login",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new TestHub.Api(base, r.json().get("token").asText());
    }

    private static int status(TestHub.Api.Response r) {
        return r.status();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check c, String what) throws Exception {
        await(c, what, Duration.ofSeconds(60), () -> "");
    }

    /** Waits for a condition; on timeout says what was awaited and what {@code detail} tells of the state then. */
    static void await(Check c, String what, Duration within, java.util.concurrent.Callable<String> detail) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what + " " + detail.call());
            }
            Thread.sleep(50);
        }
    }
}
