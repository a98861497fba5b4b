package io.gmeye.agent.siteconfig;

import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.ConfigBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The last configuration bundle the agent accepted, in its data dir, so that a restart with the
 * hub out of reach starts with it. Written whole to a temporary file, synced, then renamed over
 * the old one: a crash leaves the old bundle or the new one, never a torn file.
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
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(NAME + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(Json.mapper().writeValueAsBytes(b)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true); // the rename itself is durable
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the configuration in " + file + ": " + e.getMessage(), e);
        }
    }
}
