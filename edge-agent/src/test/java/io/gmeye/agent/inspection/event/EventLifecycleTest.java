package io.gmeye.agent.inspection.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.inspection.scene.Finding;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.models.image.BgrImage;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventLifecycleTest {
    static final BgrImage FRAME = new BgrImage(4, 4, new byte[48]);
    static final SceneConfig SCENE = new SceneConfig("s", SceneType.PARKING, "cam", null, null, null, null, null, null, null, null,
            null, null, null, Duration.ofMinutes(10), Duration.ofSeconds(30), null, null, null);

    static Finding car(double score, String zone) {
        return new Finding(List.of(new DetectedObject("car", score, new Box(0, 0, 2, 2), 7, 1)), Set.of(zone));
    }

    private final EventLifecycle life = new EventLifecycle(SCENE, Metrics.NOOP);

    private Optional<EventPhase> step(Finding f, long t) {
        return life.step(f, t, FRAME, List.of()).map(EventChange::phase);
    }

    @Test
    void oneViolationIsOneEventNewUpdatedWhenClearlyBetterThenEnded() {
        assertThat(step(car(0.5, "a"), 0)).contains(EventPhase.NEW);
        assertThat(step(car(0.5, "a"), 1_000)).isEmpty();
        assertThat(step(car(0.9, "a"), 10_000)).as("better, but too soon after the last snapshot").isEmpty();
        assertThat(step(car(0.9, "a"), 31_000)).contains(EventPhase.UPDATE);
        assertThat(step(car(0.92, "a"), 70_000)).as("not clearly better").isEmpty();
        assertThat(step(car(0.9, "b"), 100_000)).as("moved to another zone").contains(EventPhase.UPDATE);
        assertThat(step(Finding.NONE, 110_000)).isEmpty();
        assertThat(step(Finding.NONE, 130_000)).contains(EventPhase.END);
    }

    @Test
    void aViolationThatFlickersWithinTheEndDelayStaysOneEvent() {
        String id = life.step(car(0.5, "a"), 0, FRAME, List.of()).orElseThrow().eventId();
        for (long t = 1_000; t < 200_000; t += 1_000) {
            Finding f = (t / 1_000) % 3 == 0 ? Finding.NONE : car(0.5, "a");
            life.step(f, t, FRAME, List.of()).ifPresent(c -> assertThat(c.eventId()).isEqualTo(id));
        }
        assertThat(life.open()).isTrue();
    }

    @Test
    void afterAnEndTheCooldownHoldsBackANewEvent() {
        step(car(0.5, "a"), 0);
        assertThat(step(Finding.NONE, 30_000)).contains(EventPhase.END);
        assertThat(step(car(0.5, "a"), 60_000)).isEmpty();
        assertThat(step(car(0.5, "a"), 30_000 + 600_000)).contains(EventPhase.NEW);
    }
}
