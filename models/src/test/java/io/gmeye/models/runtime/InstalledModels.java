package io.gmeye.models.runtime;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.manifest.ModelCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the installed models and the shared photographs (surefire sets gmeye.root and gmeye.shared). */
public final class InstalledModels {
    private InstalledModels() {
    }

    public static ModelFiles files() {
        return new ModelFiles(Path.of(System.getProperty("gmeye.root", "..")).resolve("models-installed"));
    }

    /** Loads a built-in model; fails with how to install it when it is missing. */
    public static OrtModel load(String name) {
        return OrtModel.load(ModelCatalog.builtIn().get(name), files(), OrtSettings.DEFAULT);
    }

    public static Path shared(String relative) {
        return Path.of(System.getProperty("gmeye.shared", "../../shared")).resolve(relative);
    }

    public static BgrImage photo(Path file) {
        try {
            return Jpeg.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
