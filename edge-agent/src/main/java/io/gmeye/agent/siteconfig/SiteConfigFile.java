package io.gmeye.agent.siteconfig;

import io.gmeye.platform.files.DurableFile;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.ConfigBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last configuration bundle the agent accepted, in its data dir, so that a restart with the
 * hub out of reach starts with it, replaced whole ({@link DurableFile}): a crash leaves the old
 * bundle or the new one, never a torn file.
 */
public final class SiteConfigFile {
    static final String NAME = "site-config.json";
    private final Path file;

    public SiteConfigFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    @Override
    public String toString() {
        return file.toString();
    }

    public Optional<ConfigBundle> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(Files.readAllBytes(file), ConfigBundle.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + ": not a configuration bundle (" + e.getMessage()
                    + "); remove it to start from agent.yaml alone", e);
        }
    }

    public void save(ConfigBundle b) {
        try {
            DurableFile.write(file, Json.mapper().writeValueAsBytes(b), "the configuration");
        } catch (IOException e) {
            throw new IllegalStateException("configuration bundle not writable as JSON: " + e.getMessage(), e);
        }
    }
}
