package io.gmeye.agent.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.runtime.Detector;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.EventPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vending scene on the vtest street video, sampled at 2 frames a second. */
class VendingSceneIT {
    static final double FPS = 2;
    static Detector detector;

    @BeforeAll
    static void load() {
        detector = Clips.detector("yolox-nano");
    }

    @AfterAll
    static void close() {
        detector.close();
        detector.model().close();
    }

    /** The paved square people cross, as a pavement zone. vtest has no goods, so one stationary person is enough here. */
    static SceneConfig scene() {
        Zone pavement = new Zone("pavement", List.of(List.of(0.0, 0.32), List.of(0.62, 0.30), List.of(1.0, 0.2), List.of(1.0, 0.9),
                List.of(0.45, 0.58), List.of(0.0, 0.44)));
        return new SceneConfig("square-vending", SceneType.VENDING, "vtest", List.of(pavement), null, null, null, 0, null, null, null,
                Duration.ofSeconds(15), 2, null, Duration.ofMinutes(10), Duration.ofSeconds(10), null, null, null);
    }

    static List<EventChange> run(List<BgrImage> frames) {
        CameraInspector inspector = new CameraInspector("vtest", List.of(scene()), 5_000, Metrics.NOOP);
        List<EventChange> changes = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            long t = 1_000_000 + Math.round(i * 1000 / FPS);
            List<Detection> found = detector.detect(frames.get(i));
            changes.addAll(inspector.analyse(frames.get(i), t, found, List.of()));
        }
        return changes;
    }

    @Test
    void peopleWalkingThroughTheZoneRaiseNoVendingEvent() {
        List<BgrImage> frames = Clips.frames(384, 288, "-t", "40", "-i", Clips.VTEST.toString(), "-vf", "fps=" + FPS);
        assertThat(frames).hasSizeGreaterThanOrEqualTo(75);
        assertThat(run(frames)).isEmpty();
    }

    @Test
    void aPersonHeldStationaryPastTheDwellTimeRaisesOneEvent() {
        // the video's own frames: 6 s of walking, then the 6 s frame held for 30 s
        List<BgrImage> frames = Clips.frames(384, 288, "-t", "6", "-i", Clips.VTEST.toString(),
                "-vf", "tpad=stop_mode=clone:stop_duration=30,fps=" + FPS);
        List<EventChange> changes = run(frames);
        List<EventChange> news = changes.stream().filter(c -> c.phase() == EventPhase.NEW).toList();
        assertThat(news).hasSize(1);
        EventChange ev = news.get(0);
        assertThat(ev.finding().objects()).isNotEmpty().allMatch(o -> o.label().equals("person"));
        assertThat(ev.finding().objects()).allMatch(o -> o.dwellMs() >= 15_000);
        assertThat(ev.finding().zones()).containsExactly("pavement");
        assertThat(ev.image()).isNotNull();
        // raised once someone has stood the dwell time, not at the first stationary frame
        assertThat(ev.startedAt() - 1_000_000).isGreaterThanOrEqualTo(15_000);
    }
}
