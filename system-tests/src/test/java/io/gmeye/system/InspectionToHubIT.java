package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.inspection.InspectionService;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.uplink.CommandRouter;
import io.gmeye.agent.uplink.MqttUplink;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.SnapshotRef;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection through the real spine: a camera watching a car park, the agent's RocksDB outbox
 * and MQTT uplink, the hub's ingest and store. The event arrives at the hub with both snapshots,
 * which decode, and its boxes lie inside the frame.
 */
class InspectionToHubIT {
    @TempDir
    Path dir;

    @Test
    void aParkingEventArrivesAtTheHubWithBothSnapshotsDecodableAndBoxesInsideTheFrame() throws Exception {
        YamlConfigLoader yaml = new YamlConfigLoader("GMEYE_TEST_");
        HubConfig hubConfig = yaml.loadString("hub.yaml", """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: %d}
                http: {host: 127.0.0.1, port: %d}
                sites: [{id: site-i, secret: i-secret}]
                """.formatted(dir.resolve("hub"), FreePorts.next(), FreePorts.next()), HubConfig.class, Map.of());
        Hub hub = Hub.start(hubConfig).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<Envelope<?>> atHub = new CopyOnWriteArrayList<>();
        hub.ingest().onStored(atHub::add);

        UplinkConfig up = yaml.loadString("agent.yaml", "{url: \"tcp://127.0.0.1:%d\", password: i-secret, reconnectMin: 200ms}"
                .formatted(hub.mqttPort()), UplinkConfig.class, Map.of());
        InspectionConfig inspection = yaml.loadString("agent.yaml", """
                modelsDir: %s
                sampleInterval: 200ms
                patrolInterval: 1s
                scenes:
                  - {id: lot-parking, type: parking, camera: cam-lot, dwell: 2s, inertia: 2}
                """.formatted(Path.of(System.getProperty("gmeye.root")).resolve("models-installed")), InspectionConfig.class, Map.of());
        BgrImage lot = Jpeg.decode(Files.readAllBytes(Path.of(System.getProperty("gmeye.shared")).resolve("images/coco/000000009891.jpg")));
        long started = System.currentTimeMillis();
        FrameSource camera = id -> {
            long now = System.currentTimeMillis();
            return Optional.of(new CameraFrame(id, now, (now - started) / 100, lot));
        };

        Vertx vertx = Vertx.vertx();
        SharedDetectors detectors = new SharedDetectors();
        Clock clock = Clock.systemUTC();
        RocksOutbox outbox = new RocksOutbox(dir.resolve("agent/outbox"), 64L << 20, clock, Metrics.NOOP);
        MqttUplink uplink = new MqttUplink("site-i", up, outbox, new CommandRouter(clock), Metrics.NOOP, clock);
        InspectionService service = new InspectionService(vertx, outbox, camera, ClipRequests.NONE, clock, Metrics.NOOP, "site-i",
                inspection, FaceRule.OFF, detectors);
        try {
            uplink.start();
            service.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 30_000;
            while (events(atHub).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            List<InspectionEvent> events = events(atHub);
            assertThat(events).hasSize(1);
            InspectionEvent ev = events.get(0);
            assertThat(ev.frameWidth()).isEqualTo(lot.width());
            assertThat(ev.objects()).isNotEmpty();
            for (DetectedObject o : ev.objects()) {
                assertThat(o.box().inside(ev.frameWidth(), ev.frameHeight())).as("%s inside the frame", o).isTrue();
            }
            assertThat(ev.snapshots()).extracting(SnapshotRef::kind).containsExactlyInAnyOrder("clean", "annotated");
            for (SnapshotRef ref : ev.snapshots()) {
                byte[] jpeg = hub.store().get(Space.BLOBS, Keys.bytes(ref.id()));
                assertThat(jpeg).as("snapshot %s stored at the hub", ref.kind()).isNotNull().hasSize(ref.bytes());
                BgrImage picture = Jpeg.decode(jpeg);
                assertThat(picture.width()).isEqualTo(lot.width());
                assertThat(picture.height()).isEqualTo(lot.height());
            }
        } finally {
            service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            uplink.close();
            outbox.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            detectors.close();
            hub.close();
        }
    }

    static List<InspectionEvent> events(List<Envelope<?>> stored) {
        return stored.stream().filter(e -> e.type() == MessageType.INSPECTION_EVENT).map(e -> (InspectionEvent) e.body()).toList();
    }
}
