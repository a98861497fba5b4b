package io.gmeye.agent.inspection.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.inspection.Clips;
import io.gmeye.agent.inspection.RecordingOutbox;
import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.inspection.event.EventPublisher;
import io.gmeye.agent.inspection.scene.Finding;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.runtime.Detector;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Faces blurred in snapshots, on a real photograph of two men shaking hands. */
class FaceBlurIT {
    static Detector faces;
    static Detector objects;
    static BgrImage photo;
    static List<Box> people;

    @BeforeAll
    static void load() {
        faces = Clips.detector("blazeface-back");
        objects = Clips.detector("yolox-nano");
        photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        people = objects.detect(photo).stream().filter(d -> d.label().equals("person") && d.score() > 0.5).map(Detection::box).toList();
    }

    @AfterAll
    static void close() {
        for (Detector d : List.of(faces, objects)) {
            d.close();
            d.model().close();
        }
    }

    @Test
    void pixelatesBothFacesAndLeavesTheRestOfThePictureAlone() {
        FaceBlur blur = new FaceBlur(faces::detect);
        List<Box> found = blur.find(photo, people);
        BgrImage blurred = blur.apply(photo, people);
        // the two men, and five small faces of guests behind them found in the head regions of their person boxes
        assertThat(found).hasSizeGreaterThanOrEqualTo(2);
        assertThat(found).anyMatch(f -> f.x() > 120 && f.x() < 180 && f.w() > 50);
        assertThat(found).anyMatch(f -> f.x() > 340 && f.x() < 400 && f.w() > 50);
        assertThat(faces.detect(blurred)).isEmpty();
        for (Box f : found.stream().filter(f -> f.w() > 50).toList()) {
            assertThat(detail(blurred, f)).isLessThan(detail(photo, f) / 4);
        }
        // a pixel far from both faces is untouched
        int o = (400 * photo.width() + 20) * 3;
        assertThat(blurred.pixels()[o]).isEqualTo(photo.pixels()[o]);
        assertThat(photo.pixels()).isNotEqualTo(blurred.pixels()); // the original is not modified in place
    }

    @Test
    void bothSnapshotsThatLeaveTheSiteHaveTheFacesBlurred() {
        RecordingOutbox outbox = new RecordingOutbox();
        EventPublisher publisher = new EventPublisher("site-1", outbox, new FaceBlur(faces::detect), 0.9f, Metrics.NOOP);
        SceneConfig scene = new SceneConfig("hall-vending", SceneType.VENDING, "cam-hall", null, null, null, null, 0, null, null, null,
                null, null, null, null, null, null, null, null);
        List<DetectedObject> objs = people.stream().map(b -> new DetectedObject("person", 0.9, b, 1, 600_000)).toList();
        EventChange change = new EventChange(scene, EventPhase.NEW, "01HEVENT", 1000, 1000, null, new Finding(objs, Set.of("frame")),
                photo.width(), photo.height(), photo, people);
        publisher.publish(change).join();
        List<RecordingOutbox.Appended> shots = outbox.appended.stream().filter(a -> a.jpeg() != null).toList();
        assertThat(shots).hasSize(2);
        for (RecordingOutbox.Appended shot : shots) {
            BgrImage sent = Jpeg.decode(shot.jpeg());
            assertThat(faces.detect(sent)).as("faces left in the %s snapshot", shot.envelope().body()).isEmpty();
        }
    }

    /** Mean absolute difference between horizontal neighbours: what pixelation removes. */
    static double detail(BgrImage img, Box b) {
        long sum = 0;
        int n = 0;
        for (int y = (int) b.y(); y < (int) (b.y() + b.h()); y++) {
            for (int x = (int) b.x() + 1; x < (int) (b.x() + b.w()); x++) {
                int o = (y * img.width() + x) * 3 + 1;
                sum += Math.abs((img.pixels()[o] & 0xff) - (img.pixels()[o - 3] & 0xff));
                n++;
            }
        }
        return (double) sum / n;
    }
}
