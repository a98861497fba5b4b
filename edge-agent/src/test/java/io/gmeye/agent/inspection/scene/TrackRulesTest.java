package io.gmeye.agent.inspection.scene;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.inspection.CameraInspector;
import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.inspection.zone.Line;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.Box;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scene rules on hand-placed detections in a 100 x 100 frame, sampled once a second. */
class TrackRulesTest {
    static final BgrImage FRAME = new BgrImage(100, 100, new byte[30_000]);

    static Detection d(String label, double x, double y, double w, double h) {
        return new Detection(0, label, 0.8, new Box(x, y, w, h));
    }

    static SceneConfig scene(SceneType type, Line line, Integer minCompanions) {
        return new SceneConfig("s", type, "cam", null, line, null, null, minCompanions, null, null, null, Duration.ofSeconds(5), 1,
                null, null, null, null, null, null);
    }

    static List<EventChange> run(SceneConfig s, List<Detection> objects, List<Detection> texts, int seconds) {
        CameraInspector c = new CameraInspector("cam", List.of(s), 5_000, Metrics.NOOP);
        List<EventChange> out = new ArrayList<>();
        for (int t = 0; t <= seconds; t++) {
            out.addAll(c.analyse(FRAME, t * 1_000L, objects, texts));
        }
        return out;
    }

    @Test
    void outOfStoreCountsFurnitureBeyondTheStorefrontLineOnly() {
        SceneConfig shop = scene(SceneType.OUT_OF_STORE, new Line(0, 0.6, 1, 0.6, Line.Side.BELOW), null);
        assertThat(run(shop, List.of(d("chair", 10, 50, 10, 20)), List.of(), 10)).hasSize(1);    // feet at y 0.7
        assertThat(run(shop, List.of(d("chair", 10, 20, 10, 20)), List.of(), 10)).isEmpty();     // inside the shop
        assertThat(run(shop, List.of(d("person", 10, 50, 10, 30)), List.of(), 10)).isEmpty();    // people may stand there
    }

    @Test
    void bannersAreWideTextAboveTheLine() {
        SceneConfig banner = scene(SceneType.BANNER, new Line(0, 0.4, 1, 0.4, Line.Side.ABOVE), null);
        assertThat(run(banner, List.of(), List.of(d("text", 10, 5, 60, 10)), 10)).hasSize(1);
        assertThat(run(banner, List.of(), List.of(d("text", 10, 5, 12, 10)), 10)).as("not wide enough").isEmpty();
        assertThat(run(banner, List.of(), List.of(d("text", 10, 70, 60, 10)), 10)).as("below the line").isEmpty();
    }

    @Test
    void vendingWantsGoodsNextToTheStationaryPerson() {
        SceneConfig vending = scene(SceneType.VENDING, null, 1);
        Detection vendor = d("person", 40, 40, 10, 30);
        assertThat(run(vending, List.of(vendor), List.of(), 10)).isEmpty();
        List<EventChange> withUmbrella = run(vending, List.of(vendor, d("umbrella", 45, 30, 20, 10)), List.of(), 10);
        assertThat(withUmbrella).hasSize(1);
        assertThat(withUmbrella.get(0).finding().objects()).extracting(o -> o.label()).containsExactlyInAnyOrder("person", "umbrella");
        assertThat(run(vending, List.of(vendor, d("umbrella", 0, 0, 5, 5)), List.of(), 10)).as("goods far away").isEmpty();
    }

    @Test
    void nothingIsRaisedBeforeTheDwellTime() {
        SceneConfig parking = scene(SceneType.PARKING, null, null);
        assertThat(run(parking, List.of(d("car", 10, 10, 30, 20)), List.of(), 4)).isEmpty();
        assertThat(run(parking, List.of(d("car", 10, 10, 30, 20)), List.of(), 5)).hasSize(1);
    }
}
