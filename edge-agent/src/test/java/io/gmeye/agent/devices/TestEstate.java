package io.gmeye.agent.devices;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A small site for tests: a registry file in a temp folder and the repository's 33 device types. */
public final class TestEstate {
    public static final String SECRET = "s3cret-";
    /** The district's salt in tests: device fields of kind person and whitelists are hashed with it. */
    public static final String SALT = "district-salt-for-tests";
    public static final PersonRef PERSONS = new PersonRef(SALT);
    private final Path dir;
    private final StringBuilder yaml = new StringBuilder("devices:\n");

    public TestEstate(Path dir) {
        this.dir = dir;
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();
    }

    /** Password of a test device: "s3cret-" + its id. */
    public static String secret(String id) {
        return SECRET + id;
    }

    public TestEstate device(String id, String type) {
        return device(id, type, null, null);
    }

    public TestEstate device(String id, String type, String checkpoint, String psk) {
        yaml.append("  - id: ").append(id).append("\n    type: ").append(type)
                .append("\n    secret: \"").append(DeviceSecret.hash(secret(id))).append("\"\n");
        if (checkpoint != null) {
            yaml.append("    checkpoint: ").append(checkpoint).append('\n');
        }
        if (psk != null) {
            yaml.append("    psk: \"").append(psk).append("\"\n");
        }
        return this;
    }

    public DevicesConfig config() {
        try {
            Path registry = dir.resolve("devices.yaml");
            Files.writeString(registry, yaml.toString());
            return new DevicesConfig(true, repoRoot().resolve("config/device-types").toString(), registry.toString(),
                    new DevicesConfig.Mqtt(true, "127.0.0.1", FreePorts.next(), 0, null),
                    new DevicesConfig.Coap(true, "127.0.0.1", freeUdpPort(), freeUdpPort(), true),
                    3, Duration.ofSeconds(1), Duration.ofMinutes(5), 500, Duration.ofSeconds(5), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
