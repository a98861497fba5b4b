package io.gmeye.agent.camera.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthReporterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<CameraHealth> cameras = new ArrayList<>();
    private final HealthReporter reporter = new HealthReporter("site-1", () -> List.copyOf(cameras), outbox, clock, Metrics.NOOP, 60_000);

    @Test
    void sendsEveryCameraFirstThenOnlyChangesThenEveryCameraAgainAtTheFullInterval() {
        cameras.add(camera("a", CameraState.ONLINE));
        cameras.add(camera("b", CameraState.ONLINE));
        reporter.tick();
        assertThat(outbox.healthBatches()).singleElement().satisfies(b -> {
            assertThat(b.full()).isTrue();
            assertThat(b.cameras()).hasSize(2);
        });

        clock.advance(Duration.ofSeconds(1));
        reporter.tick(); // nothing changed: nothing sent
        assertThat(outbox.healthBatches()).hasSize(1);

        cameras.set(1, camera("b", CameraState.OFFLINE));
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        CameraHealthBatch change = outbox.healthBatches().get(1);
        assertThat(change.full()).isFalse();
        assertThat(change.cameras()).extracting(CameraHealth::camera).containsExactly("b");

        clock.advance(Duration.ofSeconds(58));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(3).last().satisfies(b -> assertThat(b.full()).isTrue());
    }

    @Test
    void aCameraRemovedFromTheSiteIsReportedOfflineOnce() {
        cameras.add(camera("a", CameraState.ONLINE));
        cameras.add(camera("b", CameraState.ONLINE));
        reporter.tick();
        cameras.remove(1);
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(2);
        CameraHealth gone = outbox.healthBatches().get(1).cameras().get(0);
        assertThat(gone.camera()).isEqualTo("b");
        assertThat(gone.state()).isEqualTo(CameraState.OFFLINE);
        assertThat(gone.reason()).contains("removed");
    }

    @Test
    void batchesCarryTheSiteAndTheAgentsTime() {
        cameras.add(camera("a", CameraState.NOT_FOUND));
        reporter.tick();
        assertThat(outbox.messages()).singleElement().satisfies(e -> {
            assertThat(e.site()).isEqualTo("site-1");
            assertThat(e.ts()).isEqualTo(clock.millis());
        });
    }

    @Test
    void aNewReasonForTheSameStateGoesOutInTheNextChangesBatch() {
        cameras.add(offline("a", "stalled: no frame for 5.0 s while connected to rtsp://cam/x; reconnecting", 0));
        reporter.tick();
        cameras.set(0, offline("a", "no answer from rtsp://cam/x within 10.0 s", 1));
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(2);
        assertThat(outbox.newest("a").orElseThrow().reason()).startsWith("no answer");
        assertThat(outbox.newest("a").orElseThrow().reconnects()).isEqualTo(1);
    }

    @Test
    void aFrameRateThatMovesBeyondItsNoiseGoesOutAtOnceAndNoiseDoesNot() {
        cameras.add(rates("a", 13.7, 13.7, 900, 40));
        cameras.add(rates("slow", 10, 0.2, 400, 40));
        reporter.tick();
        cameras.set(0, rates("a", 10.3, 10.3, 900, 40)); // first measured over too short a window
        cameras.set(1, rates("slow", 10, 0.1, 400, 40));  // a keyframe every 10 s
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(2);
        assertThat(outbox.newest("a").orElseThrow().fpsIn()).isEqualTo(10.3);
        assertThat(outbox.newest("slow").orElseThrow().fpsDecoded()).isEqualTo(0.1);

        // measuring the same stream again: 10.3 vs 9.8 fps, 900 vs 1000 kbit/s, a frame 40 vs 90 ms old
        cameras.set(0, rates("a", 9.8, 9.8, 1000, 90));
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(2);

        // frames stop coming: the newest one's age goes beyond what the frame rate explains
        cameras.set(0, rates("a", 9.8, 9.8, 1000, 2_500));
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(3);
        assertThat(outbox.newest("a").orElseThrow().lastFrameAgeMs()).isEqualTo(2_500);
    }

    @Test
    void picturesLostThatStartOrMoveBeyondTheirNoiseGoOutAtOnceAndNoiseDoesNot() {
        cameras.add(lossy("a", 0, 0));
        reporter.tick();
        cameras.set(0, lossy("a", 2, 2)); // loss begins, below the degraded share: the count alone goes out
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(2);
        assertThat(outbox.newest("a").orElseThrow().picturesLostLastMinute()).isEqualTo(2);

        cameras.set(0, lossy("a", 60, 60));
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        cameras.set(0, lossy("a", 65, 63)); // the same loss measured a second later
        clock.advance(Duration.ofSeconds(1));
        reporter.tick();
        assertThat(outbox.healthBatches()).hasSize(3);
        assertThat(outbox.newest("a").orElseThrow().picturesLost()).isEqualTo(60);
    }

    private CameraHealth lossy(String id, long lost, long lastMinute) {
        return new CameraHealth(id, CameraState.ONLINE, null, 10, 0, 800, 768, 576, "h264", 40, 0, 0, null, 0, lost, lastMinute);
    }

    private CameraHealth offline(String id, String reason, int reconnects) {
        return new CameraHealth(id, CameraState.OFFLINE, reason, 0, 0, 0, 0, 0, null, -1, reconnects, reconnects, reason, clock.millis());
    }

    private CameraHealth rates(String id, double fpsIn, double fpsDecoded, long kbps, long ageMs) {
        return new CameraHealth(id, CameraState.ONLINE, null, fpsIn, fpsDecoded, kbps, 768, 576, "h264", ageMs, 0, 0, null, clock.millis());
    }

    private CameraHealth camera(String id, CameraState state) {
        return new CameraHealth(id, state, state.wire(), 10, 10, 800, 768, 576, "h264", 40, 0, 0, null, clock.millis());
    }
}
