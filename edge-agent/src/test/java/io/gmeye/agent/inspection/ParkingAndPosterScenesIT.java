package io.gmeye.agent.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.runtime.Detector;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.EventPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parking on a clip made from photographs; posters on the vtest building wall with printed text pasted on. */
class ParkingAndPosterScenesIT {
    @Test
    void aParkedCarRaisesExactlyOneEventAndTheCooldownHoldsBackItsReturn() {
        // 30 s of the car park, 12 s of an empty road (the cars gone), the car park again for 30 s,
        // encoded to H.264 so every frame carries its own compression noise; sampled once a second
        String park = Clips.shared("images/coco/000000009891.jpg").toString();
        String road = Clips.shared("images/coco/000000006723.jpg").toString();
        List<BgrImage> frames = Clips.frames(480, 360,
                "-loop", "1", "-t", "30", "-i", park, "-loop", "1", "-t", "12", "-i", road, "-loop", "1", "-t", "30", "-i", park,
                "-filter_complex", "[0]scale=480:360,setsar=1[a];[1]scale=480:360,setsar=1[b];[2]scale=480:360,setsar=1[c];"
                        + "[a][b][c]concat=n=3,fps=1,noise=alls=6:allf=t");
        assertThat(frames).hasSizeBetween(70, 74);
        SceneConfig parking = new SceneConfig("lot-no-parking", SceneType.PARKING, "lot", List.of(Zone.whole("no-parking")), null,
                null, null, null, null, null, null, Duration.ofSeconds(10), 2, null, Duration.ofMinutes(10), Duration.ofSeconds(5),
                null, List.of("parking", "六乱一超"), null);
        List<EventChange> changes = run("yolox-nano", parking, frames, 1000, false);
        List<EventChange> news = changes.stream().filter(c -> c.phase() == EventPhase.NEW).toList();
        assertThat(news).hasSize(1);
        assertThat(news.get(0).finding().objects()).anyMatch(o -> o.label().equals("car"));
        assertThat(news.get(0).scene().tags()).contains("parking");
        // the event ended while the cars were gone; their return within the cooldown raised nothing new
        assertThat(changes.stream().filter(c -> c.phase() == EventPhase.END)).hasSize(1);
        assertThat(changes.stream().map(EventChange::eventId).distinct()).hasSize(1);
    }

    @Test
    void aPosterSceneFiresWhenPrintedTextAppearsOnTheWallAndNotOnTheBareWall() {
        SceneConfig poster = new SceneConfig("facade-posters", SceneType.POSTER, "facade", List.of(Zone.whole("wall")), null,
                null, null, null, null, null, null, Duration.ofSeconds(4), 2, null, Duration.ofMinutes(10), Duration.ofSeconds(5),
                null, null, null);
        String facade = "[0]crop=300:110:305:0,scale=600:220,setsar=1";
        List<BgrImage> bare = Clips.frames(600, 220, "-t", "14", "-i", Clips.VTEST.toString(), "-vf", facade + ",fps=2");
        List<BgrImage> pasted = Clips.frames(600, 220, "-t", "14", "-i", Clips.VTEST.toString(),
                "-i", Clips.OPENCV_DATA.resolve("imageTextN.png").toString(),
                "-filter_complex", facade + "[wall];[1]crop=556:150:0:0,scale=280:-1[text];[wall][text]overlay=x=310:y=30:enable='gte(t,4)',fps=2");
        assertThat(run("ppocr-det", poster, bare, 500, true)).isEmpty();
        List<EventChange> changes = run("ppocr-det", poster, pasted, 500, true);
        assertThat(changes).hasSize(1);
        EventChange ev = changes.get(0);
        assertThat(ev.phase()).isEqualTo(EventPhase.NEW);
        assertThat(ev.startedAt() - 1_000_000).isGreaterThanOrEqualTo(4_000 + 4_000);
        // the text boxes lie where the page was pasted
        assertThat(ev.finding().objects()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.label()).isEqualTo("text");
            assertThat(o.box().x()).isGreaterThanOrEqualTo(300);
            assertThat(o.box().y()).isGreaterThanOrEqualTo(20);
        });
    }

    static List<EventChange> run(String model, SceneConfig scene, List<BgrImage> frames, long stepMs, boolean text) {
        try (Detector detector = Clips.detector(model)) {
            CameraInspector inspector = new CameraInspector(scene.camera(), List.of(scene), 5_000, Metrics.NOOP);
            List<EventChange> changes = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                var found = detector.detect(frames.get(i));
                changes.addAll(inspector.analyse(frames.get(i), 1_000_000 + i * stepMs, text ? List.of() : found, text ? found : List.of()));
            }
            detector.model().close();
            return changes;
        }
    }
}
