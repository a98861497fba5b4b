package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.app.Agent;
import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.inspection.InspectionStatus;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.TestHub;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.codec.Json;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A site's cameras managed from the hub, end to end over real wires: an admin PUTs the site's
 * configuration over HTTP, the hub keeps it versioned and pushes it over MQTT, the agent checks
 * it, keeps it and starts pulling the RTSP rig's camera, whose health comes back to the hub. A bad
 * configuration is refused (by the hub with every field, or by the agent with its reason) and
 * changes nothing; an agent that was offline gets the current version when it connects, and an
 * agent restarted with the hub down runs the version it was last given. The tests build on each
 * other in order, as one site's history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SiteConfigPushIT {
    private static final String SITE = "cfg-site";
    private static final String SECRET = "cfg-secret";
    private static final String ADMIN_PASSWORD = "config-admin-password";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static Path dir;
    private static RtspCameraServer server;
    private static Hub hub;
    private static Agent agent;
    private static String token;
    private static int mqttPort;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("site-config-it");
        Clip clip = Clips.inTempDir().pattern(320, 240, 10, 10, 4);
        server = RtspCameraServer.builder().mount("cam1", clip).mount("cam2", clip).start();
        hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection(SITE, null, SECRET, null, null)),
                new HubConfig.AuthSection(null, null, ADMIN_PASSWORD))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        TestHub.Api.Response login = send("POST", "/api/v1/auth/login", "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        token = Json.mapper().readTree(login.text()).get("token").asText();
        mqttPort = hub.mqttPort();
        agent = startAgent();
        await().atMost(PATIENCE).until(() -> config().get("agent").get("connected").asBoolean());
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aPutConfigurationStartsTheCameraAtTheAgentAndTheHubSeesItsHealth() throws Exception {
        assertThat(agent.cameras().health()).as("agent.yaml has no cameras").isEmpty();
        TestHub.Api.Response put = put(cameras("cam1"));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(json(put).get("version").asLong()).isEqualTo(1);

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(agentState("cam1")).isEqualTo(CameraState.ONLINE);
            assertThat(hubState("cam1")).isEqualTo(CameraState.ONLINE);
            JsonNode now = config();
            assertThat(now.get("agent").get("version").asLong()).isEqualTo(1);
            assertThat(now.get("agent").get("applied").asBoolean()).isTrue();
        });
        assertThat(agent.siteConfig().version()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aBadConfigurationIsRefusedWithItsReasonsAndChangesNothing() throws Exception {
        TestHub.Api.Response bad = put("""
                {"cameras": [{"id": "cam1", "url": "http://127.0.0.1/cam1"}, {"id": "cam 2", "url": "rtsp://127.0.0.1/x", "decode": "some"}],
                 "devices": [], "scenes": [{"id": "s1", "type": "parking", "camera": "cam9"}]}""");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(json(bad).get("problems").toString()).contains("cameras[0].url", "cameras[1].id", "cameras[1].decode", "scenes[0].camera");
        assertThat(config().get("version").asLong()).as("nothing stored").isEqualTo(1);

        // what only the agent can judge (a scene's rules): the hub stores it, the agent refuses it whole with the reason
        TestHub.Api.Response refused = put("""
                {"cameras": [{"id": "cam1", "url": "%s"}, {"id": "cam2", "url": "%s"}],
                 "scenes": [{"id": "shopfront", "type": "out_of_store", "camera": "cam1"}]}""".formatted(server.url("cam1"), server.url("cam2")));
        assertThat(refused.status()).as(refused.text()).isEqualTo(200);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode a = config().get("agent");
            assertThat(a.get("refusedVersion").asLong()).isEqualTo(2);
            assertThat(a.get("refusal").asText()).contains("scenes[0].line");
            assertThat(a.get("applied").asBoolean()).isFalse();
        });
        assertThat(agent.siteConfig().version()).isEqualTo(1);
        assertThat(agent.cameras().health()).extracting(CameraHealth::camera).containsExactly("cam1");
    }

    @Test
    @Order(3)
    void anAgentOfflineDuringThePutGetsTheConfigurationWhenItConnects() throws Exception {
        agent.close();
        agent = null;
        await().atMost(PATIENCE).until(() -> !config().get("agent").get("connected").asBoolean());
        // a debris scene needs no model, so it runs here: the agent's inspection is replaced live
        TestHub.Api.Response put = put(cameras("cam1", "cam2").replace("]}", "], \"scenes\": [{\"id\": \"cam2-debris\", \"type\": \"debris\", "
                + "\"camera\": \"cam2\", \"dwell\": \"2m\"}]}"));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(json(put).get("version").asLong()).isEqualTo(3);
        assertThat(json(put).get("agent").get("applied").asBoolean()).isFalse();

        agent = startAgent();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(agent.siteConfig().version()).isEqualTo(3);
            assertThat(agentState("cam2")).isEqualTo(CameraState.ONLINE);
            assertThat(hubState("cam2")).isEqualTo(CameraState.ONLINE);
            assertThat(config().get("agent").get("applied").asBoolean()).isTrue();
        });
        assertThat(activeScenes()).containsExactly("cam2-debris");
    }

    @Test
    @Order(4)
    void anAgentRestartedWithTheHubDownRunsThePushedConfiguration() throws Exception {
        agent.close();
        agent = null;
        hub.close();
        hub = null;
        agent = startAgent();
        assertThat(agent.siteConfig().version()).isEqualTo(3);
        assertThat(activeScenes()).containsExactly("cam2-debris");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(agentState("cam1")).isEqualTo(CameraState.ONLINE);
            assertThat(agentState("cam2")).isEqualTo(CameraState.ONLINE);
        });
    }

    private static Agent startAgent() {
        // agent.yaml's own camera list is empty: every camera here comes from the hub
        return Agent.start(new AgentConfig(SITE, dir.resolve("agent").toString(),
                new UplinkConfig("tcp://127.0.0.1:" + mqttPort, null, SECRET, null, null, null, null, null,
                        Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofSeconds(1)), null, null, CameraConfig.of(List.of())));
    }

    private static String cameras(String... ids) {
        StringBuilder sb = new StringBuilder("{\"cameras\": [");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("{\"id\": \"").append(ids[i]).append("\", \"url\": \"").append(server.url(ids[i]))
                    .append("\"}"); // no tags: this hub has no tag catalog
        }
        return sb.append("]}").toString();
    }

    private static List<String> activeScenes() {
        return agent.inspection().status().scenes().stream().filter(InspectionStatus.SceneState::active).map(InspectionStatus.SceneState::scene)
                .toList();
    }

    private static CameraState agentState(String camera) {
        return agent.cameras().health().stream().filter(h -> h.camera().equals(camera)).map(CameraHealth::state).findFirst().orElse(null);
    }

    private static CameraState hubState(String camera) {
        CameraStatus s = hub.estate().cameras().get(camera);
        return s == null ? null : s.health().state();
    }

    private static JsonNode config() throws Exception {
        TestHub.Api.Response r = send("GET", "/api/v1/sites/" + SITE + "/config", null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return json(r);
    }

    private static TestHub.Api.Response put(String body) throws Exception {
        return send("PUT", "/api/v1/sites/" + SITE + "/config", body);
    }

    private static JsonNode json(TestHub.Api.Response r) throws IOException {
        return Json.mapper().readTree(r.text());
    }

    /** Every exchange is checked against the hub's OpenAPI document (ApiContract): a mismatch fails the test. */
    private static TestHub.Api.Response send(String method, String path, String body) throws Exception {
        return new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), token).send(method, path, body);
    }
}
