package io.gmeye.system.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.devices.MqttSim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An administrator's whitelist from raw ID numbers, end to end: a spreadsheet's CSV (GB18030,
 * names and phones in it) → {@code whitelist prepare} in its own JVM with the district's salt →
 * POST /api/v1/whitelist → pushed to the agent → the listed person's scan opens the gate, the
 * red-listed one's does not. No raw number or name is in what was posted.
 */
class WhitelistPrepareIT {
    static final String SALT = "district-salt-prepare-test";
    static final String ALICE = "440301199001011234"; // white
    static final String BOB = "11010519491231002X"; // red
    static final String ERIN = "110101200001010010"; // on no list
    static final String ADMIN_PASSWORD = "admin-pass-for-test";

    @TempDir
    Path dir;

    @Test
    void aWhitelistPreparedFromRawIdsLocallyLetsThatPersonThroughAndNoRawIdReachesTheHub() throws Exception {
        Path csv = dir.resolve("people.csv");
        Files.write(csv, ("姓名,身份证号,手机,名单\r\n张三," + ALICE + ",13800138000,white\r\n李四," + BOB + ",13900139000,red\r\n")
                .getBytes(Charset.forName("GB18030")));
        ProcessBuilder prepare = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "io.gmeye.agent.app.WhitelistMain", "prepare", "people.csv", "--out", "whitelist.json")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prepare.log").toFile());
        prepare.environment().putAll(Map.of("GMEYE_CHECKPOINT_SALT", SALT, "GMEYE_CALLER_DIR", dir.toString()));
        Process p = prepare.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("prepare.log"))).isZero();
        assertThat(Files.readString(dir.resolve("prepare.log"))).contains("2 people from");
        String body = Files.readString(dir.resolve("whitelist.json"));
        assertThat(body).doesNotContain(ALICE).doesNotContain(BOB).doesNotContain("13800138000").doesNotContain("张三")
                .contains("4403**********1234");

        Hub hub = Hub.start(new YamlConfigLoader("GMEYE_").loadString("hub.yaml", """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                sites: [{id: site-w, secret: w-secret}]
                auth: {initialAdminPassword: %s}
                """.formatted(dir.resolve("hub"), ADMIN_PASSWORD), HubConfig.class, Map.of())).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        Files.writeString(dir.resolve("devices.yaml"), "devices:\n"
                + "  - {id: s-1, type: sentinel, checkpoint: cp-1, secret: \"" + DeviceSecret.hash("pw-s-1") + "\"}\n"
                + "  - {id: t-1, type: turnstile, checkpoint: cp-1, secret: \"" + DeviceSecret.hash("pw-t-1") + "\"}\n");
        Agent agent = Agent.start(new YamlConfigLoader("GMEYE_").loadString("agent.yaml", """
                site: site-w
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:%d", password: w-secret, reconnectMin: 200ms, reconnectMax: 1s}
                health: {interval: 1s}
                devices:
                  enabled: true
                  typesDir: %s
                  registryFile: %s
                  mqtt: {enabled: true, host: 127.0.0.1, port: 0}
                  coap: {enabled: false}
                checkpoint: {enabled: true, salt: %s, turnstileTimeout: 5s}
                """.formatted(dir.resolve("agent"), hub.mqttPort(), Path.of(System.getProperty("gmeye.root")).resolve("config/device-types"),
                dir.resolve("devices.yaml"), SALT), AgentConfig.class, Map.of()));
        BlockingQueue<DeviceCommandMessage> gate = new LinkedBlockingQueue<>();
        String devices = "tcp://127.0.0.1:" + agent.devices().mqttPorts().get(0);
        try (MqttSim turnstile = new MqttSim(devices, "t-1", "pw-t-1", (sim, cmd) -> gate.add(cmd)).connect();
             MqttSim sentinel = new MqttSim(devices, "s-1", "pw-s-1", (sim, cmd) -> { }).connect()) {
            await(() -> agent.uplink().connected(), "the agent connected to the hub");
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + hub.httpPort();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = Json.mapper().readTree(login.body()).get("token").asText();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/whitelist"))
                    .header("authorization", "Bearer " + token).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(dir.resolve("whitelist.json"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            long version = Json.mapper().readTree(posted.body()).get("version").asLong();
            await(() -> agent.checkpoints().whitelistVersion().getAsLong() == version, "the agent holds the posted whitelist");

            List<String> told = new ArrayList<>();
            for (String id : List.of(ALICE, BOB, ERIN)) {
                sentinel.event("scan", Map.of("credential", "id_card", "ref", id, "healthCode", "green", "temperature", 36.4))
                        .waitForCompletion(5000);
                DeviceCommandMessage cmd = gate.poll(10, TimeUnit.SECONDS);
                assertThat(cmd).as("the turnstile was told about a scan").isNotNull();
                told.add(cmd.name());
            }
            assertThat(told).as("listed white, listed red, on no list").containsExactly("open", "deny", "deny");
            JsonNode whitelist = Json.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/whitelist"))
                    .header("authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(whitelist.get("version").asLong()).isEqualTo(version);
        } finally {
            agent.close();
            hub.close();
        }
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
