package io.gmeye.agent.gb28181.device;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gmeye.platform.files.DurableFile;
import io.gmeye.protocols.codec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The registered devices and their catalogs, in the agent's data dir: a restarted agent knows
 * which devices are registered and where to reach them without waiting for each to register
 * again (which may be an hour away).
 */
public final class GbDeviceFile {
    static final String NAME = "gb28181-devices.json";
    private final Path file;

    public GbDeviceFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    public List<KeptDevice> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), new TypeReference<List<KeptDevice>>() { });
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + ": not a list of GB/T 28181 devices (" + e.getMessage()
                    + "); remove it and the devices register again", e);
        }
    }

    public void save(List<KeptDevice> devices) {
        try {
            DurableFile.write(file, Json.mapper().writeValueAsBytes(devices), "the GB/T 28181 registrations");
        } catch (IOException e) {
            throw new IllegalStateException("registrations not writable as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
