package io.gmeye.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.manifest.ModelManifest;
import org.junit.jupiter.api.Test;

/** YOLOX-nano shared by two users, its ONNX sessions counted where they are made (OrtModel), on a real photograph. */
class SharedDetectorsTest {
    private static final ModelManifest YOLOX = ModelCatalog.builtIn().get("yolox-nano");
    private static final OrtSettings SETTINGS = new OrtSettings(1, 1, false);

    private static int sessions() {
        return OrtModel.openSessions("yolox-nano");
    }

    private static long people(Detector d) {
        BgrImage photo = InstalledModels.photo(InstalledModels.shared("images/coco/000000004134.jpg"));
        return d.detect(photo).stream().map(Detection::label).filter("person"::equals).count();
    }

    @Test
    void twoUsersOfOneModelHoldOneSessionAndTheFirstToGoLeavesItRunningForTheOther() {
        int before = sessions();
        try (SharedDetectors models = new SharedDetectors()) {
            SharedDetectors.Lease faces = models.acquire(YOLOX, InstalledModels.files(), SETTINGS);
            SharedDetectors.Lease scenes = models.acquire(YOLOX, InstalledModels.files(), SETTINGS);
            assertThat(sessions() - before).as("sessions of yolox-nano with both users").isEqualTo(1);
            assertThat(scenes.detector()).isSameAs(faces.detector());

            faces.close();
            faces.close(); // a second close lets go of nothing more
            assertThat(sessions() - before).isEqualTo(1);
            assertThat(people(scenes.detector())).as("people found by the user still holding it").isGreaterThanOrEqualTo(2);

            scenes.close();
            assertThat(sessions()).as("the last user gone, the session is closed").isEqualTo(before);
            assertThatThrownBy(() -> people(scenes.detector())).isInstanceOf(ModelUnavailableException.class);
        }
    }

    @Test
    void theOwnerClosingLastClosesWhatIsStillHeldAndLoadsNothingMore() {
        int before = sessions();
        SharedDetectors models = new SharedDetectors();
        SharedDetectors.Lease held = models.acquire(YOLOX, InstalledModels.files(), SETTINGS);
        models.close();
        assertThat(sessions()).isEqualTo(before);
        held.close(); // a user letting go after the owner closed changes nothing
        assertThat(sessions()).isEqualTo(before);
        assertThatThrownBy(() -> models.acquire(YOLOX, InstalledModels.files(), SETTINGS)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("stopping");
    }

    @Test
    void aModelThatCannotLoadIsRefusedWithItsReasonAndHoldsNothing() throws Exception {
        int before = sessions();
        try (SharedDetectors models = new SharedDetectors()) {
            ModelFiles empty = new ModelFiles(java.nio.file.Files.createTempDirectory("no-models"));
            assertThatThrownBy(() -> models.acquire(YOLOX, empty, SETTINGS)).isInstanceOf(ModelUnavailableException.class)
                    .hasMessageContaining("not installed");
            SharedDetectors.Lease loaded = models.acquire(YOLOX, InstalledModels.files(), SETTINGS);
            assertThat(sessions() - before).isEqualTo(1);
            loaded.close();
        }
        assertThat(sessions()).isEqualTo(before);
    }
}
