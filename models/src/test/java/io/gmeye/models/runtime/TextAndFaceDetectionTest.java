package io.gmeye.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PaddleOCR DB text detection and BlazeFace on real pictures. */
class TextAndFaceDetectionTest {
    static final Path OPENCV_DATA = Path.of("/usr/share/doc/opencv-doc/examples/data");

    @Test
    void findsTheLinesOfAPrintedPageAndNoTextOnAPhotoWithoutAny() {
        try (OrtModel m = InstalledModels.load("ppocr-det"); Detector d = new Detector(m)) {
            BgrImage page = InstalledModels.photo(OPENCV_DATA.resolve("imageTextN.png"));
            List<Detection> lines = d.detect(page);
            assertThat(lines.size()).isGreaterThanOrEqualTo(8);
            // printed lines are wide and flat
            assertThat(lines.stream().filter(t -> t.box().w() > 4 * t.box().h()).count()).isGreaterThanOrEqualTo(6);
            for (Detection t : lines) {
                assertThat(t.box().inside(page.width(), page.height())).isTrue();
            }
            for (String photo : List.of("000000001818.jpg", "000000006723.jpg")) { // zebras, an empty road
                assertThat(d.detect(InstalledModels.photo(InstalledModels.shared("images/coco/" + photo)))).as(photo).isEmpty();
            }
        }
    }

    @Test
    void findsBothFacesOfTwoMenShakingHandsWhereTheirHeadsAre() {
        try (OrtModel m = InstalledModels.load("blazeface-back"); Detector d = new Detector(m)) {
            BgrImage photo = InstalledModels.photo(InstalledModels.shared("images/coco/000000004134.jpg"));
            List<Detection> faces = d.detect(photo).stream().sorted(java.util.Comparator.comparingDouble(f -> f.box().x())).toList();
            assertThat(faces).hasSize(2);
            // the left man's face is about x 150-215, the right man's about x 375-450, both in the upper third
            assertThat(faces.get(0).box().x()).isBetween(120.0, 180.0);
            assertThat(faces.get(1).box().x()).isBetween(340.0, 400.0);
            for (Detection f : faces) {
                assertThat(f.box().y()).isBetween(50.0, 140.0);
                assertThat(f.box().w()).isBetween(50.0, 110.0);
            }
        }
    }
}
