package io.gmeye.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.models.detect.Boxes;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** YOLOX-nano through the full detector path on the COCO photographs, against expected.tsv. */
class CocoDetectionTest {
    private static final double SCORE = 0.3;
    private static OrtModel model;
    private static Detector detector;

    @BeforeAll
    static void load() {
        model = InstalledModels.load("yolox-nano");
        detector = new Detector(model);
    }

    @AfterAll
    static void close() {
        detector.close();
        model.close();
    }

    @Test
    void findsTheObjectsEveryWorkingCocoDetectorMustFind() throws IOException {
        Path dir = InstalledModels.shared("images/coco");
        List<String> misses = new ArrayList<>();
        int checked = 0;
        for (String line : Files.readAllLines(dir.resolve("expected.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t");
            BgrImage image = InstalledModels.photo(dir.resolve(cols[0]));
            List<Detection> found = detector.detect(image).stream().filter(d -> d.score() >= SCORE).toList();
            for (Detection d : found) {
                assertThat(d.box().inside(image.width(), image.height())).as("%s %s inside the frame", cols[0], d).isTrue();
            }
            Map<String, Long> counts = found.stream().collect(Collectors.groupingBy(Detection::label, TreeMap::new, Collectors.counting()));
            for (String need : cols[1].split(",")) {
                String[] nameAndMin = need.split(">=");
                int min = nameAndMin.length > 1 ? Integer.parseInt(nameAndMin[1]) : 1;
                long have = 0;
                for (String alt : nameAndMin[0].split("\\|")) {
                    have += counts.getOrDefault(alt, 0L);
                }
                if (have < min) {
                    misses.add(cols[0] + ": wanted " + need + ", found " + counts);
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
        assertThat(misses).isEmpty();
    }

    @Test
    void boxesMatchAPlainReferencePathPerClassByIou() {
        // Reference: the JDK's own bilinear scaling into a letterboxed picture, then the same model
        // and decoder. Boxes of confident objects must land on the same frame pixels.
        Path dir = InstalledModels.shared("images/coco");
        for (String name : List.of("000000008844.jpg", "000000009891.jpg", "000000002006.jpg", "000000001000.jpg")) {
            BgrImage image = InstalledModels.photo(dir.resolve(name));
            List<Detection> ours = confident(detector.detect(image));
            List<Detection> reference = confident(ReferenceYolox.detect(model, image));
            assertThat(ours).as(name).isNotEmpty();
            for (Detection r : reference) {
                double best = ours.stream().filter(o -> o.classId() == r.classId())
                        .mapToDouble(o -> Boxes.iou(o.box(), r.box())).max().orElse(0);
                assertThat(best).as("%s: %s matched by IoU", name, r).isGreaterThan(0.8);
            }
        }
    }

    private static List<Detection> confident(List<Detection> ds) {
        return ds.stream().filter(d -> d.score() >= 0.6).toList();
    }
}
