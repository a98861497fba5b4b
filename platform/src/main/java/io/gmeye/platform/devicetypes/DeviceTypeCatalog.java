package io.gmeye.platform.devicetypes;

import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.device.DeviceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * All device types a site knows, by type name, loaded from one folder of YAML files. The agent
 * checks what devices send against them; the hub may read the same folder (command arguments).
 */
public final class DeviceTypeCatalog {
    private final Map<String, DeviceType> types;

    public DeviceTypeCatalog(Map<String, DeviceType> types) {
        this.types = Map.copyOf(types);
    }

    /** Loads every *.yaml in the folder; a bad file fails with its name and the field. */
    public static DeviceTypeCatalog load(Path dir) {
        YamlConfigLoader loader = new YamlConfigLoader("GMEYE_DEVICETYPE_");
        Map<String, DeviceType> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                DeviceType t = loader.load(f, DeviceType.class, Map.of());
                try {
                    t.validate();
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(f.getFileName() + ": " + e.getMessage());
                }
                if (out.put(t.type(), t) != null) {
                    throw new ConfigException(f.getFileName() + ": type '" + t.type() + "' is declared twice");
                }
            }
        } catch (IOException e) {
            throw new ConfigException("device types: cannot read " + dir + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ConfigException("device types: no *.yaml files in " + dir);
        }
        return new DeviceTypeCatalog(out);
    }

    public Optional<DeviceType> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    public Map<String, DeviceType> all() {
        return types;
    }

    public int size() {
        return types.size();
    }
}
