package io.gmeye.rigs.devices;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.protocols.device.DeviceSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The estate the rig plays: device ids, their protocol and credentials, the checkpoint pairs and
 * the people who pass. Writes the agent's registry file (hashed secrets only) and the whitelist
 * as a full delta hashed with the district salt, as the hub would push it.
 */
public final class Provisioning {
    /** One simulated device. */
    public record Sim(String id, SimType type, boolean coap, String checkpoint) {
        public String secret() {
            return "rig-" + id;
        }
    }

    /** A person at the gates: raw ID number (stays in the rig and the agent), health code they tend to show. */
    public record Person(String idNumber, boolean whitelisted, String list) {
    }

    private final List<Sim> devices = new ArrayList<>();
    private final List<Person> people = new ArrayList<>();

    public Provisioning(FleetOptions o, List<SimType> types) {
        Random rnd = new Random(o.seed());
        SimType sentinel = null;
        SimType turnstile = null;
        for (SimType t : types) {
            switch (t.type()) {
                case "sentinel" -> sentinel = t;
                case "turnstile" -> turnstile = t;
                default -> {
                    for (int i = 1; i <= o.perType(); i++) {
                        devices.add(new Sim(String.format("%s-%04d", t.type(), i), t, rnd.nextDouble() < o.coapShare(), null));
                    }
                }
            }
        }
        for (int c = 1; c <= o.checkpoints(); c++) {
            String cp = String.format("cp-%03d", c);
            devices.add(new Sim("sentinel-" + cp, sentinel, false, cp));
            devices.add(new Sim("turnstile-" + cp, turnstile, false, cp));
        }
        for (int i = 0; i < o.population(); i++) {
            String id = String.format("4403%02d%04d%02d%02d%03d%s", rnd.nextInt(99), 1950 + rnd.nextInt(60), 1 + rnd.nextInt(12),
                    1 + rnd.nextInt(28), rnd.nextInt(1000), rnd.nextInt(11) == 10 ? "X" : String.valueOf(rnd.nextInt(10)));
            String list = i % 100 == 0 ? "red" : i % 100 == 1 ? "yellow" : "white";
            people.add(new Person(id, true, list));
        }
    }

    public List<Sim> devices() {
        return devices;
    }

    public List<Person> people() {
        return people;
    }

    public void writeRegistry(Path file) throws IOException {
        StringBuilder y = new StringBuilder("# written by the device fleet rig: ids, types and hashed secrets (password = rig-<id>)\ndevices:\n");
        for (Sim d : devices) {
            y.append("  - id: ").append(d.id()).append("\n    type: ").append(d.type().type())
                    .append("\n    secret: \"").append(DeviceSecret.hash(d.secret())).append("\"\n");
            if (d.checkpoint() != null) {
                y.append("    checkpoint: ").append(d.checkpoint()).append('\n');
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, y.toString());
    }

    /** The people as the body of POST /api/v1/whitelist ({upserts, removals}), keyed by salted hash: no raw ID in it. */
    public void writeWhitelist(Path file, String salt) throws IOException {
        PersonRef refs = new PersonRef(salt);
        List<WhitelistEntry> entries = new ArrayList<>();
        for (Person p : people) {
            entries.add(new WhitelistEntry(refs.hash(p.idNumber()), p.list(), PersonRef.mask(p.idNumber()), 0));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Json.mapper().writeValueAsBytes(java.util.Map.of("upserts", entries, "removals", List.of())));
    }
}
