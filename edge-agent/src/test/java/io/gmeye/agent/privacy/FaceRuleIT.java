package io.gmeye.agent.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.agent.inspection.Clips;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.platform.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The site's face rule with the real BlazeFace and YOLOX models, on a real photograph of two men shaking hands. */
class FaceRuleIT {
    private final SharedDetectors detectors = new SharedDetectors();

    @AfterEach
    void closeDetectors() {
        detectors.close();
    }

    static InspectionConfig blurFaces(Path modelsDir) {
        return new InspectionConfig(false, modelsDir.toString(), null, null, null, true, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void aPictureLeavesABlurFacesSiteWithNoFaceLeftEvenWithInspectionOff() {
        BgrImage photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        Detector faces = Clips.detector("blazeface-back");
        try (FaceRule rule = FaceRule.load(blurFaces(Clips.modelsDir()), detectors, Metrics.NOOP)) {
            assertThat(faces.detect(photo)).as("faces in the photograph").hasSizeGreaterThanOrEqualTo(2);
            BgrImage leaving = rule.leaving(photo);
            assertThat(faces.detect(leaving)).isEmpty();
            assertThat(leaving.width()).isEqualTo(photo.width());
            int corner = (400 * photo.width() + 20) * 3;
            assertThat(leaving.pixels()[corner]).isEqualTo(photo.pixels()[corner]); // the rest of the picture is the camera's
        } finally {
            faces.close();
            faces.model().close();
        }
    }

    @Test
    void aSiteWithoutTheRuleLetsThePictureLeaveAsItIs() {
        BgrImage photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        InspectionConfig off = new InspectionConfig(null, Clips.modelsDir().toString(), null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        assertThat(FaceRule.load(off, detectors, Metrics.NOOP).leaving(photo)).isSameAs(photo);
    }

    @Test
    void aMissingFaceModelRefusesEveryPictureWithTheReason() throws Exception {
        Path empty = Files.createTempDirectory("no-models");
        FaceRule rule = FaceRule.load(blurFaces(empty), detectors, Metrics.NOOP);
        assertThat(rule.unavailable()).startsWith("faces must be blurred on this site but").contains("not installed");
        BgrImage photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        assertThatThrownBy(() -> rule.leaving(photo)).isInstanceOf(FacesNotBlurred.class)
                .hasMessageContaining("face_detection_back_256x256_barracuda.onnx is missing");
    }

    @Test
    void theReasonIsFormattedOnceWhenTheRuleLoadsNotAtEveryAsk() throws Exception {
        FaceRule rule = FaceRule.load(blurFaces(Files.createTempDirectory("no-models")), detectors, Metrics.NOOP);
        String reason = rule.unavailable();
        // inspection asks at every scene check: the same text each time, no exception built to format it
        assertThat(rule.unavailable()).isSameAs(reason);
        BgrImage photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        assertThatThrownBy(() -> rule.leaving(photo)).isInstanceOf(FacesNotBlurred.class).hasMessage(reason);
    }

    @Test
    void aClosedRuleRefusesPicturesInsteadOfRunningAClosedModel() {
        FaceRule rule = FaceRule.load(blurFaces(Clips.modelsDir()), detectors, Metrics.NOOP);
        rule.close();
        BgrImage photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        assertThatThrownBy(() -> rule.leaving(photo)).isInstanceOf(FacesNotBlurred.class).hasMessageContaining("stopping");
    }

    @Test
    void blurFacesWithoutAFaceModelFailsAtLoadNamingTheField() {
        assertThatThrownBy(() -> new YamlConfigLoader("GMEYE_").loadString("agent.yaml", """
                enabled: false
                blurFaces: true
                faceDetector: ""
                """, InspectionConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("faceDetector").hasMessageContaining("blurFaces");
    }
}
