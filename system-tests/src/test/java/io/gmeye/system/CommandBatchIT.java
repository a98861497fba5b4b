package io.gmeye.system;

import static io.gmeye.system.DeviceCommandsIT.await;
import static io.gmeye.system.DeviceCommandsIT.distinct;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.StreamClient;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.devices.MqttSim;
import io.gmeye.rigs.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches of commands to the lamps of a street, end to end: the hub (this JVM), real agents, and
 * twenty Paho lamps per site on each agent's device endpoint. A batch to a tag with two lamps
 * offline ends 18 succeeded and 2 expired, and the summary the API and the stream show says so.
 * An agent killed with SIGKILL in the middle of a batch sends no lamp its command twice: what it
 * kept goes on after the restart, what it never took the hub sends again, and a re-sent command
 * it already handled is not handled again.
 */
class CommandBatchIT {
    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();
    private static final int LAMPS = 20;
    @TempDir
    static Path dir;
    static Hub hub;
    static TestHub.Api admin;
    static TestHub.Api olga;
    static final ScheduledExecutorService lampTime = Executors.newScheduledThreadPool(2);

    @BeforeAll
    static void start() throws Exception {
        hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("street-a", "street-a", "a-secret", null, List.of()),
                new HubConfig.SiteSection("street-k", "street-k", "k-secret", null, List.of())),
                new HubConfig.AuthSection(null, null, "admin-pass-batches")).withDeviceTypes(TestHub.deviceTypes()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        admin = login("admin", "admin-pass-batches");
        assertThat(admin.post("/api/v1/users", "{\"name\":\"olga\",\"role\":\"operator\",\"password\":\"olga-password\"}").status()).isEqualTo(200);
        olga = login("olga", "olga-password");
        // the operators' registry: the lamps of two streets under their tags
        List<Map<String, Object>> devices = new ArrayList<>();
        for (String street : List.of("a", "k")) {
            for (int i = 1; i <= LAMPS; i++) {
                devices.add(Map.of("id", lamp(street, i), "site", "street-" + street, "type", "streetlight", "tags", List.of("area/test/" + street)));
            }
        }
        List<Map<String, Object>> tags = List.of(Map.of("path", "area", "label", "区域"), Map.of("path", "area/test", "label", "测试"),
                Map.of("path", "area/test/a", "label", "A 街"), Map.of("path", "area/test/k", "label", "K 街"));
        TestHub.Api.Response imported = admin.post("/api/v1/registry/import", Json.mapper().writeValueAsString(Map.of("tags", tags, "devices", devices)));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        lampTime.shutdownNow();
        if (hub != null) {
            hub.close();
        }
    }

    /** A simulated lamp that counts every command it gets and answers each a moment later. */
    static final class Lamp implements AutoCloseable {
        final String id;
        final MqttSim sim;
        final Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        final Map<String, Long> firstAt = new ConcurrentHashMap<>();

        Lamp(String uri, String id) throws Exception {
            this.id = id;
            this.sim = new MqttSim(uri, id, "pw-" + id, (s, c) -> {
                got.computeIfAbsent(c.commandId(), k -> new AtomicInteger()).incrementAndGet();
                firstAt.putIfAbsent(c.commandId(), System.nanoTime());
                lampTime.schedule(() -> answer(c.commandId()), 200, TimeUnit.MILLISECONDS);
            });
        }

        /** Connects and checks in (a status heartbeat): the agent judges a device online by what it hears. */
        Lamp connect() throws Exception {
            sim.connect();
            sim.publish("status", Map.of("status", "ok")).waitForCompletion(10_000);
            return this;
        }

        /** Says the command succeeded; a lamp cut off from its agent tries again later. */
        boolean answer(String commandId) {
            try {
                sim.event("cmd.result", Map.of("commandId", commandId, "status", "succeeded")).waitForCompletion(5_000);
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    @Test
    void aBatchToTwentyLampsOfAStreetWithTwoOfflineEndsEighteenSucceededAndTwoExpired() throws Exception {
        Path registry = registry("a");
        Agent agent = Agent.start(agentConfig("street-a", "a-secret", registry, 0), Clock.systemUTC());
        List<Lamp> lamps = new ArrayList<>();
        try (StreamClient screen = new StreamClient(base(), olga.token())) {
            String uri = "tcp://127.0.0.1:" + agent.devices().mqttPorts().get(0);
            for (int i = 3; i <= LAMPS; i++) { // lamps 1 and 2 are dark: never connected
                lamps.add(new Lamp(uri, lamp("a", i)).connect());
            }
            await(() -> lamps.stream().allMatch(l -> agent.devices().links().reachable(l.id)), "18 lamps connected");
            TestHub.Api.Response sent = olga.post("/api/v1/commands/batch",
                    "{\"command\":\"turn_on\",\"tag\":\"area/test/a\",\"timeout\":5,\"reason\":\"天黑提前开灯\"}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String batch = sent.json().get("id").asText();
            assertThat(sent.json().get("commands")).hasSize(LAMPS);

            await(() -> summary(batch).get("pending").asInt() == 0, "every command of the batch ended");
            JsonNode summary = summary(batch);
            assertThat(summary.get("succeeded").asInt()).isEqualTo(18);
            assertThat(summary.get("failed").asInt()).isEqualTo(2);
            assertThat(summary.get("byState").get("expired").asInt()).isEqualTo(2);
            JsonNode commands = olga.get("/api/v1/commands?batch=" + batch).json();
            for (JsonNode c : commands) {
                boolean dark = c.get("device").asText().equals(lamp("a", 1)) || c.get("device").asText().equals(lamp("a", 2));
                assertThat(c.get("state").asText()).as(c.get("device").asText()).isEqualTo(dark ? "expired" : "succeeded");
                if (dark) {
                    assertThat(c.get("message").asText()).isEqualTo(c.get("device").asText() + " could not be reached before the command's deadline");
                }
            }
            await(() -> screen.batchSummary(batch) != null && screen.batchSummary(batch).get("pending").asInt() == 0, "the summary on the stream");
            assertThat(screen.batchSummary(batch).get("succeeded").asInt()).isEqualTo(18);
            assertThat(lamps).allSatisfy(l -> assertThat(l.got.values()).extracting(AtomicInteger::get).containsExactly(1));
            // every command of the batch, and its end, is in the audit log with who sent it
            JsonNode audit = admin.get("/api/v1/audit?actor=olga&limit=1000").json();
            assertThat(audit.findValuesAsText("action").stream().filter("device.command"::equals)).hasSize(LAMPS);
            assertThat(audit.findValuesAsText("action")).contains("device.command.batch");
        } finally {
            lamps.forEach(Lamp::close);
            agent.close();
        }
    }

    @Test
    void anAgentKilledInTheMiddleOfABatchSendsNoLampItsCommandTwice() throws Exception {
        int devicePort = FreePorts.next();
        Path yaml = dir.resolve("agent-k.yaml");
        Files.writeString(yaml, agentYaml("street-k", "k-secret", registry("k"), devicePort));
        Path logs = dir.resolve("logs");
        Pattern running = Pattern.compile("agent for site street-k running");
        JavaProcess first = JavaProcess.start("agent-k-1", logs, Map.of(), "io.gmeye.agent.app.AgentMain", yaml.toString());
        JavaProcess agent = first;
        List<Lamp> lamps = new ArrayList<>();
        try {
            first.await(running, Duration.ofSeconds(60));
            String uri = "tcp://127.0.0.1:" + devicePort;
            for (int i = 1; i <= LAMPS; i++) {
                lamps.add(new Lamp(uri, lamp("k", i)).connect());
            }
            await(() -> olga.get("/api/v1/devices?site=street-k&state=online").json().get("total").asInt() == LAMPS, "20 lamps online at the hub");

            TestHub.Api.Response sent = olga.post("/api/v1/commands/batch", "{\"command\":\"turn_on\",\"tag\":\"area/test/k\",\"timeout\":300}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String batch = sent.json().get("id").asText();
            // killed as soon as the first lamp has its command: the agent is in the middle of the batch
            await(() -> lamps.stream().anyMatch(l -> !l.got.isEmpty()), "a lamp got its command");
            first.kill9();
            long killedAt = System.nanoTime();
            int before = lamps.stream().mapToInt(l -> l.got.size()).sum();

            agent = JavaProcess.start("agent-k-2", logs, Map.of(), "io.gmeye.agent.app.AgentMain", yaml.toString());
            agent.await(running, Duration.ofSeconds(60));
            // until every command ended; lamps whose answer was lost with the agent say it again, as devices retry
            await(() -> {
                JsonNode s = summary(batch);
                if (s.get("pending").asInt() == 0) {
                    return true;
                }
                lamps.forEach(l -> l.sim.reconnectNow());
                for (JsonNode c : olga.get("/api/v1/commands?batch=" + batch).json()) {
                    if (!c.get("state").asText().equals("succeeded")) {
                        Lamp l = lamps.get(Integer.parseInt(c.get("device").asText().substring(c.get("device").asText().length() - 2)) - 1);
                        if (l.got.containsKey(c.get("id").asText())) {
                            l.answer(c.get("id").asText());
                        }
                    }
                }
                Thread.sleep(500);
                return false;
            }, "every command of the batch ended", Duration.ofSeconds(120), () -> olga.get("/api/v1/commands?batch=" + batch).text()
                    + "\nagent log:\n" + restartedTail(logs));

            Map<String, Integer> times = new HashMap<>();
            lamps.forEach(l -> l.got.forEach((id, n) -> times.put(l.id + " " + id, n.get())));
            assertThat(times.values()).as("no lamp got a command twice: " + times).allMatch(n -> n == 1);
            assertThat(lamps).allSatisfy(l -> assertThat(l.got).as(l.id + " got one command").hasSizeLessThanOrEqualTo(1));
            Map<String, Long> gotAt = new HashMap<>();
            lamps.forEach(l -> gotAt.putAll(l.firstAt));
            for (JsonNode c : olga.get("/api/v1/commands?batch=" + batch).json()) {
                String id = c.get("id").asText();
                String state = c.get("state").asText();
                if (gotAt.containsKey(id) && gotAt.get(id) > killedAt) {
                    // sent by the restarted agent: the lamp answered at once
                    assertThat(state).as(c.toString()).isEqualTo("succeeded");
                } else if (!state.equals("succeeded")) {
                    // on its way at the kill: never sent again, so it ends timed out with the reason (its lamp, if it had it,
                    // answered after the result time, or never got it)
                    assertThat(state).as(c.toString()).isEqualTo("timed_out");
                    assertThat(c.get("message").asText()).contains("the agent restarted before").contains("not sent twice");
                } else {
                    assertThat(gotAt).as("only a lamp that got its command makes it succeed: " + c).containsKey(id);
                }
            }
            assertThat(before).as("the kill came in the middle of the batch").isGreaterThan(0);
            String log2 = Files.readString(agent.log());
            System.out.println("KILL-BATCH lamps with the command before the kill=" + before + " summary=" + summary(batch).get("byState")
                    + " re-sent after they ended=" + log2.lines().filter(l -> l.contains("came again after it ended")).count()
                    + " taken up after the restart=" + log2.lines().filter(l -> l.contains("device commands kept before the agent restarted"))
                    .findFirst().orElse("none"));
        } finally {
            lamps.forEach(Lamp::close);
            agent.close();
            first.close();
        }
    }

    private static Path registry(String street) throws Exception {
        StringBuilder y = new StringBuilder("devices:\n");
        for (int i = 1; i <= LAMPS; i++) {
            y.append("  - {id: ").append(lamp(street, i)).append(", type: streetlight, secret: \"").append(DeviceSecret.hash("pw-" + lamp(street, i)))
                    .append("\"}\n");
        }
        Path f = dir.resolve("devices-" + street + ".yaml");
        Files.writeString(f, y);
        return f;
    }

    private static String agentYaml(String site, String secret, Path registry, int devicePort) {
        // results wait 15 s: a lamp cut off by the kill can still answer after the restart, and a command that was on its way
        // at the kill ends timed out within the test
        return DeviceAgentConfig.yaml(site, dir.resolve("agent-" + site), hub.mqttPort(), secret, ROOT.resolve("config/device-types"), registry, """
                  commandTimeout: 15s
                  mqtt: {enabled: true, host: 127.0.0.1, port: %d}
                  coap: {enabled: false}
                """.formatted(devicePort));
    }

    private static AgentConfig agentConfig(String site, String secret, Path registry, int devicePort) {
        return new YamlConfigLoader("GMEYE_").loadString("agent.yaml", agentYaml(site, secret, registry, devicePort), AgentConfig.class, Map.of());
    }

    private static String restartedTail(Path logs) throws Exception {
        List<String> lines = Files.readAllLines(logs.resolve("agent-k-2.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static JsonNode summary(String batch) throws Exception {
        return olga.get("/api/v1/commands/batches/" + batch).json().get("summary");
    }

    private static String lamp(String street, int i) {
        return String.format("lamp-%s-%02d", street, i);
    }

    private static String base() {
        return "http://127.0.0.1:" + hub.httpPort();
    }

    private static TestHub.Api login(String user, String password) throws Exception {
        TestHub.Api.Response r = new TestHub.Api(base(), null).post("/api/v1/auth/login",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new TestHub.Api(base(), r.json().get("token").asText());
    }
}
