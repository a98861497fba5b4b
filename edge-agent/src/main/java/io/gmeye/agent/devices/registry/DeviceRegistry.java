package io.gmeye.agent.devices.registry;

import io.gmeye.protocols.device.DeviceType;
import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.Validated;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.device.DeviceSecret;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The devices of a site (id, type, credentials, checkpoint), checked against the type catalog at load. */
public final class DeviceRegistry {
    /** The device type that a checkpoint's sentinel commands. */
    public static final String TURNSTILE = "turnstile";
    /** The registry file: {@code devices: [{id, type, secret, psk, checkpoint}]}. */
    public record File(List<DeviceEntry> devices) implements Validated {
        public File {
            devices = devices == null ? List.of() : List.copyOf(devices);
        }

        @Override
        public void validate() {
            devices.forEach(DeviceEntry::validate);
        }
    }

    /** A known device together with its type. */
    public record Known(DeviceEntry entry, DeviceType type) {
        public String id() {
            return entry.id();
        }
    }

    private final DeviceTypeCatalog catalog;
    private volatile Map<String, Known> devices;
    private volatile long generation; // bumped by each replace: what is derived from the list knows to derive again

    public DeviceRegistry(Collection<DeviceEntry> entries, DeviceTypeCatalog catalog) {
        this.catalog = catalog;
        this.devices = checked(entries, catalog);
    }

    /** Fails with the first problem (an id, a type not in the catalog, a duplicate) without changing anything. */
    public void check(Collection<DeviceEntry> entries) {
        checked(entries, catalog);
    }

    /** Replaces the whole device list at once (a configuration from the hub); a bad list changes nothing. */
    public void replace(Collection<DeviceEntry> entries) {
        devices = checked(entries, catalog);
        generation++; // single writer: the configuration handler
    }

    /** Changes whenever the device list is replaced. */
    public long generation() {
        return generation;
    }

    private static Map<String, Known> checked(Collection<DeviceEntry> entries, DeviceTypeCatalog catalog) {
        Map<String, Known> m = new LinkedHashMap<>();
        Map<String, String> turnstiles = new java.util.HashMap<>();
        for (DeviceEntry e : entries) {
            e.validate();
            DeviceType t = catalog.find(e.type()).orElseThrow(() -> new ConfigException(
                    "devices: " + e.id() + ".type: '" + e.type() + "' is not a known device type (" + catalog.size() + " types loaded)"));
            if (m.put(e.id(), new Known(e, t)) != null) {
                throw new ConfigException("devices: " + e.id() + " is listed twice");
            }
            // a sentinel opens the one turnstile of its checkpoint: two would make the gate ambiguous
            if (TURNSTILE.equals(t.type()) && e.checkpoint() != null) {
                String other = turnstiles.put(e.checkpoint(), e.id());
                if (other != null) {
                    throw new ConfigException("devices: checkpoint " + e.checkpoint() + " has two turnstiles (" + other + ", " + e.id()
                            + "); give each lane its own checkpoint id");
                }
            }
        }
        return java.util.Collections.unmodifiableMap(m); // keeps the file's order
    }

    public static DeviceRegistry load(Path file, DeviceTypeCatalog catalog) {
        File f = new YamlConfigLoader("GMEYE_DEVICES_").load(file, File.class, Map.of());
        return new DeviceRegistry(f.devices(), catalog);
    }

    public Optional<Known> find(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** The entries as loaded, in order: what a configuration from the hub starts from (credentials by id). */
    public List<DeviceEntry> entries() {
        return devices.values().stream().map(Known::entry).toList();
    }

    public Collection<Known> all() {
        return devices.values();
    }

    public int size() {
        return devices.size();
    }

    /** The device when the username is a known device with an MQTT secret that the password matches. */
    public Optional<Known> authenticate(String username, String password) {
        Known k = devices.get(username);
        if (k == null || k.entry().secret() == null || !DeviceSecret.verify(password, k.entry().secret())) {
            return Optional.empty();
        }
        return Optional.of(k);
    }
}
