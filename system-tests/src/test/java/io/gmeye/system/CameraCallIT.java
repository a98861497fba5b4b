package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.views.TestHub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cameras from the RTSP rig, pulled by a real agent, seen and called from a real hub over MQTT:
 * snapshots on call through the hub's REST API, the live view relayed as MJPEG, and camera state
 * at the hub when the camera server dies and comes back.
 */
class CameraCallIT {
    private static final String SITE = "cam-site";
    private static final String ADMIN_PASSWORD = "camera-admin-password";
    private static String token;
    private static Path dir;
    private static RtspCameraServer server;
    private static Hub hub;
    private static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("camera-call-it");
        Clip clip = Clips.inTempDir().pattern(320, 240, 10, 10, 4);
        server = RtspCameraServer.builder().mount("cam1", clip).mount("cam2", clip).start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HubConfig hubConfig = new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection(SITE, null, "cam-secret", null, null)),
                new HubConfig.AuthSection(null, null, ADMIN_PASSWORD));
        hub = Hub.start(hubConfig).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        CameraConfig cameras = CameraConfig.of(List.of(
                new CameraSpec("cam1", server.url("cam1"), "tcp", "full", List.of("street")),
                new CameraSpec("cam2", server.url("cam2"), "udp", "keyframes", List.of()),
                new CameraSpec("dead", "rtsp://127.0.0.1:" + closedPort + "/x", "tcp", "full", List.of())));
        agent = Agent.start(new AgentConfig(SITE, dir.resolve("agent").toString(),
                new UplinkConfig("tcp://127.0.0.1:" + hub.mqttPort(), null, "cam-secret", null, null, null, null, null,
                        Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofSeconds(1)), null, null, cameras));
        TestHub.Api.Response login = new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), null).post("/api/v1/auth/login",
                "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        token = login.json().get("token").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(hubState("cam1")).isEqualTo(CameraState.ONLINE);
            assertThat(hubState("cam2")).isEqualTo(CameraState.ONLINE);
            assertThat(hubState("dead")).isEqualTo(CameraState.OFFLINE);
        });
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
        server.close();
    }

    @Test
    void aSnapshotOnCallIsAFreshJpegOfTheCamera() throws Exception {
        long t0 = System.nanoTime();
        TestHub.Api.Response r = post("/api/v1/cameras/cam1/snapshot");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("snapshot on call answered in " + ms + " ms");
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("image/jpeg");
        BgrImage picture = Jpeg.decode(r.body());
        assertThat(picture.width()).isEqualTo(320);
        assertThat(picture.height()).isEqualTo(240);
        assertThat(distinctColours(picture)).as("a picture, not a blank").isGreaterThan(8);
    }

    @Test
    void aSnapshotOfAnOfflineOrUnknownCameraIsAClearError() throws Exception {
        TestHub.Api.Response offline = post("/api/v1/cameras/dead/snapshot");
        assertThat(offline.status()).isEqualTo(503);
        assertThat(new String(offline.body(), StandardCharsets.UTF_8)).contains("offline").contains("connection refused");

        TestHub.Api.Response unknown = post("/api/v1/cameras/nope/snapshot");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("nope");
    }

    @Test
    void theLiveViewReachesTwoViewersAndStopsAtTheAgentWhenBothLeave() throws Exception {
        try (Socket alice = openLive("cam2"); Socket bob = openLive("cam2")) {
            byte[] a = Mjpeg.readFrames(alice.getInputStream(), 2);
            byte[] b = Mjpeg.readFrames(bob.getInputStream(), 2);
            assertThat(new String(a, StandardCharsets.ISO_8859_1)).contains("multipart/x-mixed-replace").contains("Content-Type: image/jpeg");
            assertThat(new String(b, StandardCharsets.ISO_8859_1)).contains("--gmeyeframe");
            assertThat(agent.cameras().liveView().viewers("cam2")).isEqualTo(1); // the hub is one viewer for all of its own
            alice.close();
            Thread.sleep(1500);
            assertThat(agent.cameras().liveView().viewers("cam2")).isEqualTo(1);
            Mjpeg.readFrames(bob.getInputStream(), 1); // bob still gets pictures
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.cameras().liveView().viewers("cam2") == 0);
    }

    @Test
    void camerasGoOfflineAtTheHubWithinTenSecondsOfTheServerDyingAndBackWhenItReturns() {
        server.kill();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(hubState("cam1")).isEqualTo(CameraState.OFFLINE);
                assertThat(hubState("cam2")).isEqualTo(CameraState.OFFLINE);
            });
        } finally {
            server.restart();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(hubState("cam1")).isEqualTo(CameraState.ONLINE);
            assertThat(hubState("cam2")).isEqualTo(CameraState.ONLINE);
        });
    }

    private static CameraState hubState(String camera) {
        CameraStatus s = hub.estate().cameras().get(camera);
        return s == null ? null : s.health().state();
    }

    /** Checked against the hub's OpenAPI document (ApiContract): a mismatch fails the test. */
    private static TestHub.Api.Response post(String path) throws Exception {
        return new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), token).send("POST", path, null);
    }

    /** A plain socket, so that closing it is a viewer leaving. */
    private static Socket openLive(String camera) throws IOException {
        Socket s = new Socket("127.0.0.1", hub.httpPort());
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("GET /api/v1/cameras/" + camera + "/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static long distinctColours(BgrImage img) {
        byte[] p = img.pixels();
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int i = 0; i + 2 < p.length; i += 3 * 97) {
            colours.add(((p[i] & 0xf0) << 8) | ((p[i + 1] & 0xf0) << 4) | (p[i + 2] & 0xf0));
        }
        return colours.size();
    }
}
