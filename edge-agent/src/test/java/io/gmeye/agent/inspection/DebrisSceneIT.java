package io.gmeye.agent.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.models.image.BgrImage;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.EventPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Piled debris on the vtest square: a box left on the ground is found by the background model; people walking by are not. */
class DebrisSceneIT {
    static SceneConfig scene() {
        Zone ground = new Zone("square", List.of(List.of(0.0, 0.35), List.of(1.0, 0.2), List.of(1.0, 1.0), List.of(0.0, 1.0)));
        return new SceneConfig("square-debris", SceneType.DEBRIS, "vtest", List.of(ground), null, null, null, null, null, 0.001, null,
                Duration.ofSeconds(8), null, null, Duration.ofMinutes(10), Duration.ofSeconds(10), null, null, null);
    }

    static List<EventChange> run(List<BgrImage> frames) {
        CameraInspector inspector = new CameraInspector("vtest", List.of(scene()), 5_000, Metrics.NOOP);
        List<EventChange> changes = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            changes.addAll(inspector.analyse(frames.get(i), 1_000_000 + i * 500L, List.of(), List.of()));
        }
        return changes;
    }

    @Test
    void aBoxLeftOnTheSquareIsDebrisAndPeopleWalkingAreNot() {
        String vtest = Clips.VTEST.toString();
        List<BgrImage> bare = Clips.frames(384, 288, "-t", "25", "-i", vtest, "-vf", "scale=384:288,fps=2");
        assertThat(run(bare)).isEmpty();

        List<BgrImage> dumped = Clips.frames(384, 288, "-t", "25", "-i", vtest, "-i", Clips.OPENCV_DATA.resolve("box.png").toString(),
                "-filter_complex", "[0]scale=384:288[v];[1]scale=48:-1[box];[v][box]overlay=x=150:y=200:enable='gte(t,5)',fps=2");
        List<EventChange> changes = run(dumped);
        assertThat(changes).hasSize(1);
        EventChange ev = changes.get(0);
        assertThat(ev.phase()).isEqualTo(EventPhase.NEW);
        assertThat(ev.startedAt() - 1_000_000).isGreaterThanOrEqualTo(5_000 + 8_000);
        assertThat(ev.finding().objects()).hasSize(1);
        Box pile = ev.finding().objects().get(0).box();
        // where the box was put: x 150..198, y 200..233
        assertThat(pile.x()).isBetween(140.0, 165.0);
        assertThat(pile.y()).isBetween(190.0, 215.0);
        assertThat(pile.x() + pile.w()).isBetween(185.0, 210.0);
    }
}
