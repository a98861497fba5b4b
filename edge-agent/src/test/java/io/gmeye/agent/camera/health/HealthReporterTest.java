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

    private CameraHealth camera(String id, CameraState state) {
        return new CameraHealth(id, state, state.wire(), 10, 10, 800, 768, 576, "h264", 40, 0, null, clock.millis());
    }
}
