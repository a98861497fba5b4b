package io.gmeye.system;

import static io.gmeye.system.DeviceCommandsIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.TestHub;
import io.gmeye.rigs.devices.DeviceFleet;
import io.gmeye.rigs.devices.FleetOptions;
import io.gmeye.rigs.devices.Provisioning;
import io.gmeye.rigs.devices.SimType;
import io.gmeye.rigs.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises a newcomer: the device rig's simulated streetlights (the demo's) obey
 * an operator's switch and dim commands sent through the hub's API, and report their new state,
 * which the hub's device view shows. Lamps on MQTT and on CoAP, as the rig provisions them.
 */
class LampRigIT {
    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theRigsLampsSwitchWhenAnOperatorSaysSoAndReportTheirNewState() throws Exception {
        Path types = Files.createDirectories(dir.resolve("types"));
        Files.copy(ROOT.resolve("config/device-types/streetlight.yaml"), types.resolve("streetlight.yaml"));
        try (Hub hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("demo-site", "demo", "demo-secret", null, List.of())),
                new HubConfig.AuthSection(null, null, "admin-pass-lamps")).withDeviceTypes(TestHub.deviceTypes()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
            int mqtt = FreePorts.next();
            int coap = FreePorts.next();
            FleetOptions o = FleetOptions.parse(new String[] {"--mqtt=tcp://127.0.0.1:" + mqtt, "--coap=coap://127.0.0.1:" + coap,
                    "--types=" + types, "--registry-out=" + dir.resolve("devices.yaml"), "--whitelist-out=" + dir.resolve("whitelist.json"),
                    "--per-type=4", "--coap-share=0.5", "--checkpoints=0", "--interval=1", "--bad-share=0", "--flap-share=0", "--skew=0"});
            Provisioning estate = new Provisioning(o, SimType.load(types));
            estate.writeRegistry(o.registryOut());
            AgentConfig config = DeviceAgentConfig.of("demo-site", dir.resolve("agent"), hub.mqttPort(), "demo-secret", types, o.registryOut(), """
                      mqtt: {enabled: true, host: 127.0.0.1, port: %d}
                      coap: {enabled: true, host: 127.0.0.1, port: %d, dtlsPort: 0, allowPlain: true}
                    """.formatted(mqtt, coap));
            try (Agent agent = start(config); DeviceFleet fleet = new DeviceFleet(o, estate)) {
                fleet.start();
                TestHub.Api.Response login = new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), null).post("/api/v1/auth/login",
                        "{\"user\":\"admin\",\"password\":\"admin-pass-lamps\"}");
                TestHub.Api api = new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), login.json().get("token").asText());
                List<Provisioning.Sim> lamps = estate.devices();
                assertThat(lamps).extracting(Provisioning.Sim::coap).as("lamps on both transports").contains(true, false);
                for (Provisioning.Sim lamp : List.of(lamps.stream().filter(Provisioning.Sim::coap).findFirst().orElseThrow(),
                        lamps.stream().filter(l -> !l.coap()).findFirst().orElseThrow())) {
                    String path = "/api/v1/devices/" + lamp.id();
                    await(() -> api.get(path).status() == 200 && !api.get(path).json().get("device").get("telemetry").isNull(),
                            lamp.id() + " reporting at the hub");
                    switchAndSee(api, lamp.id(), "{\"command\":\"turn_off\"}", false, 0);
                    switchAndSee(api, lamp.id(), "{\"command\":\"dim\",\"args\":{\"level\":30}}", true, 30);
                }
            }
        }
    }

    /** Sends a command, waits for it to succeed, then for the lamp's readings at the hub to say so. */
    private static void switchAndSee(TestHub.Api api, String lamp, String body, boolean on, int dim) throws Exception {
        TestHub.Api.Response sent = api.post("/api/v1/devices/" + lamp + "/commands", body);
        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
        String id = sent.json().get("id").asText();
        await(() -> api.get("/api/v1/commands/" + id).json().get("state").asText().equals("succeeded"), lamp + " did " + body);
        await(() -> {
            JsonNode values = api.get("/api/v1/devices/" + lamp).json().get("device").get("telemetry").get("values");
            return values.get("on").asBoolean() == on && values.get("dim").asInt() == dim;
        }, lamp + " reports on=" + on + " dim=" + dim);
    }

    private static Agent start(AgentConfig config) {
        return Agent.start(config, Clock.systemUTC());
    }
}
