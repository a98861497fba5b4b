package io.gmeye.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.manifest.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing, damaged and wrong-shaped model files are refused at load with a reason that names the model and the fix. */
class OrtModelTest {
    @TempDir
    Path dir;

    private final ModelManifest yolox = ModelCatalog.builtIn().get("yolox-nano");

    @Test
    void aMissingModelSaysWhichAndHowToInstallIt() {
        assertThatThrownBy(() -> OrtModel.load(yolox, new ModelFiles(dir), OrtSettings.DEFAULT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model yolox-nano: not installed")
                .hasMessageContaining("GMEYE_YOLOX_SOURCE");
    }

    @Test
    void aTruncatedCopyIsRefusedByItsChecksum() throws IOException {
        byte[] real = Files.readAllBytes(InstalledModels.files().verified(yolox));
        Files.write(dir.resolve(yolox.file()), Arrays.copyOf(real, real.length / 2));
        assertThatThrownBy(() -> OrtModel.load(yolox, new ModelFiles(dir), OrtSettings.DEFAULT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("model yolox-nano")
                .hasMessageContaining("damaged or a different export");
    }

    @Test
    void aCorruptFileWhoseChecksumTheManifestTrustsIsStillRefusedAsNotOnnx() throws IOException {
        byte[] real = Files.readAllBytes(InstalledModels.files().verified(yolox));
        byte[] broken = Arrays.copyOf(real, 4096);
        Path file = dir.resolve("broken.onnx");
        Files.write(file, broken);
        ModelManifest trusting = withFile(yolox, "broken.onnx", ModelFiles.sha256(file));
        assertThatThrownBy(() -> OrtModel.load(trusting, new ModelFiles(dir), OrtSettings.DEFAULT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("is not a loadable ONNX model");
    }

    @Test
    void aModelOfAnotherShapeIsRefusedWithWhatDiffers() throws IOException {
        // the face model under the detector's manifest: right checksum for the file, wrong network
        ModelManifest face = ModelCatalog.builtIn().get("blazeface-front");
        Path src = InstalledModels.files().verified(face);
        Files.copy(src, dir.resolve(face.file()));
        ModelManifest wrong = withFile(yolox, face.file(), face.sha256().get(0));
        assertThatThrownBy(() -> OrtModel.load(wrong, new ModelFiles(dir), OrtSettings.DEFAULT))
                .isInstanceOf(ModelUnavailableException.class)
                .hasMessageContaining("is not the model its manifest describes")
                .hasMessageContaining("'images'");
    }

    @Test
    void everyBuiltInManifestLoadsWithItsInstalledFile() {
        for (ModelManifest m : ModelCatalog.builtIn().all()) {
            try (OrtModel model = OrtModel.load(m, InstalledModels.files(), new OrtSettings(1, 1, false))) {
                assertThat(model.manifest().name()).isEqualTo(m.name());
            }
        }
    }

    static ModelManifest withFile(ModelManifest m, String file, String sha) {
        return new ModelManifest(m.name(), file, List.of(sha), m.install(), m.extraFiles(), m.input(), m.decoder(), m.labels());
    }
}
