package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.app.Agent;
import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.PreparedRtspServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cameras with long keyframe intervals and B-frames, H.264 and H.265, in keyframes mode and on
 * demand, from the prepared RTSP rig through a real agent to a real hub over MQTT: the hub's
 * camera rows show the stream's codec, bitrate and frame rate within 15 s of the agent starting,
 * a camera that keeps dropping its connection is found by the flapping filter, and one that loses
 * every tenth RTP packet reads degraded with the pictures it lost.
 */
class CameraHealthAtHubIT {
    private static final String SITE = "fleet-site";
    private static final String ADMIN_PASSWORD = "fleet-admin-password";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static PreparedRtspServer rig;
    private static Hub hub;
    private static Agent agent;
    private static String token;
    private static long agentStartedAt;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("camera-health-at-hub");
        Clips clips = Clips.inTempDir();
        Clip noBFrames = clips.counted("h264", 320, 240, 10, 20, 0, 30);
        rig = PreparedRtspServer.builder()
                .mount("b10", clips.counted("h264", 320, 240, 10, 100, 2, 30))
                .mount("hevc", clips.counted("hevc", 320, 240, 10, 20, 2, 30))
                .mount("flappy", noBFrames)
                .mount("lossy", noBFrames).losing("lossy", 10)
                .start();
        HubConfig hubConfig = new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection(SITE, null, "fleet-secret", null, null)),
                new HubConfig.AuthSection(null, null, ADMIN_PASSWORD));
        hub = Hub.start(hubConfig).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        CameraConfig cameras = CameraConfig.of(List.of(
                new CameraSpec("b10", rig.url("b10"), "tcp", "keyframes", List.of()),
                new CameraSpec("hevc", rig.url("hevc"), "tcp", "keyframes", List.of()),
                new CameraSpec("flappy", rig.url("flappy"), "tcp", null, List.of()), // auto: no scene, so on demand
                new CameraSpec("lossy", rig.url("lossy"), "tcp", null, List.of())));
        agentStartedAt = System.currentTimeMillis();
        agent = Agent.start(new AgentConfig(SITE, dir.resolve("agent").toString(),
                new UplinkConfig("tcp://127.0.0.1:" + hub.mqttPort(), null, "fleet-secret", null, null, null, null, null,
                        Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofSeconds(1)), null, null, cameras));
        HttpResponse<String> login = HTTP.send(request("/api/v1/auth/login")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        token = Json.mapper().readTree(login.body()).get("token").asText();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
        rig.close();
    }

    @Test
    void theHubsRowsShowCodecBitrateAndTheRightFrameRateWithinFifteenSecondsAndFindTheFlappingCamera() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String id : List.of("b10", "hevc", "flappy")) {
                JsonNode row = get("/api/v1/cameras/" + id).get("camera");
                assertThat(row.get("state").asText()).as(id).isEqualTo("online");
                assertThat(row.get("codec").asText()).as(id).isEqualTo(id.equals("hevc") ? "hevc" : "h264");
                assertThat(row.get("bitrateKbps").asLong()).as(id).isPositive();
                assertThat(row.get("fpsIn").asDouble()).as(id).isBetween(8.5, 11.5);
                assertThat(row.get("width").asInt()).as(id).isEqualTo(320);
            }
        });
        assertThat(System.currentTimeMillis() - agentStartedAt).as("ms from the agent's start to right rows at the hub").isLessThanOrEqualTo(15_000);
        assertThat(ids("/api/v1/cameras?codec=h265")).containsExactly("hevc");

        for (int i = 0; i < 2; i++) { // the camera closes the connection twice; the agent is back within seconds each time
            long before = rig.lastPlayAt("flappy");
            rig.drop("flappy");
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.lastPlayAt("flappy") > before);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ids("/api/v1/cameras?reconnectsOver=1")).containsExactly("flappy"));
        JsonNode flappy = get("/api/v1/cameras/flappy").get("camera");
        assertThat(flappy.get("reconnectsLastHour").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(flappy.get("lastError").asText()).contains("closed the stream");
    }

    @Test
    void aCameraLosingRtpPacketsIsDegradedAtTheHubWithThePicturesItLost() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode row = get("/api/v1/cameras/lossy").get("camera");
            assertThat(row.get("state").asText()).isEqualTo("degraded");
            assertThat(row.get("online").asBoolean()).as("degraded still counts online").isTrue();
            assertThat(row.get("reason").asText()).matches("lost \\d+% of its pictures in the last minute \\(RTP packets lost\\)");
            assertThat(row.get("picturesLostLastMinute").asLong()).isPositive();
            assertThat(row.get("picturesLost").asLong()).isGreaterThanOrEqualTo(row.get("picturesLostLastMinute").asLong());
        });
        assertThat(get("/api/v1/cameras/hevc").get("camera").get("picturesLost").asLong()).as("a whole stream loses none").isZero();
        assertThat(ids("/api/v1/cameras?state=degraded")).containsExactly("lossy");
    }

    private static List<String> ids(String path) throws Exception {
        List<String> out = new ArrayList<>();
        get(path).get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request(path).header("authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).timeout(Duration.ofSeconds(10));
    }
}
