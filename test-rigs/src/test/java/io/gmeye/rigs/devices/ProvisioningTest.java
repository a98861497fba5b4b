package io.gmeye.rigs.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningTest {
    static final Path TYPES = Path.of(System.getProperty("gmeye.root", "..")).resolve("config/device-types");

    @Test
    void makesReadingsWithinEveryTypesRangesAndBadOnesOutside() throws Exception {
        List<SimType> types = SimType.load(TYPES);
        assertThat(types).hasSize(33);
        Random rnd = new Random(1);
        for (SimType t : types) {
            for (int i = 0; i < 50; i++) {
                Map<String, Object> r = t.reading(rnd);
                for (SimType.Field f : t.fields()) {
                    Object v = r.get(f.name());
                    if (f.required()) {
                        assertThat(v).as(t.type() + "." + f.name()).isNotNull();
                    }
                    if (v instanceof Number n) {
                        if (f.min() != null) {
                            assertThat(n.doubleValue()).as(t.type() + "." + f.name()).isGreaterThanOrEqualTo(f.min());
                        }
                        if (f.max() != null) {
                            assertThat(n.doubleValue()).as(t.type() + "." + f.name()).isLessThanOrEqualTo(f.max());
                        }
                    }
                }
            }
            assertThat(t.badReading(rnd)).isNotEqualTo(t.reading(rnd));
        }
    }

    @Test
    void writesARegistryOfHashedSecretsAndAWhitelistWithoutRawIds(@TempDir Path dir) throws Exception {
        FleetOptions o = FleetOptions.parse(new String[] {"--per-type=2", "--checkpoints=3", "--population=50", "--types=" + TYPES});
        Provisioning p = new Provisioning(o, SimType.load(TYPES));
        assertThat(p.devices()).hasSize(31 * 2 + 3 * 2);
        p.writeRegistry(dir.resolve("devices.yaml"));
        p.writeWhitelist(dir.resolve("whitelist.json"), o.salt());
        String registry = Files.readString(dir.resolve("devices.yaml"));
        Provisioning.Sim first = p.devices().get(0);
        assertThat(registry).doesNotContain(first.secret());
        String stored = registry.lines().dropWhile(l -> !l.contains(first.id())).filter(l -> l.contains("secret:")).findFirst().orElseThrow();
        assertThat(DeviceSecret.verify(first.secret(), stored.substring(stored.indexOf('"') + 1, stored.lastIndexOf('"')))).isTrue();

        String whitelist = Files.readString(dir.resolve("whitelist.json"));
        var body = Json.mapper().readTree(whitelist); // the body of POST /api/v1/whitelist
        assertThat(body.get("upserts")).hasSize(50);
        assertThat(body.get("removals")).isEmpty();
        Provisioning.Person someone = p.people().get(7);
        assertThat(whitelist).doesNotContain(someone.idNumber());
        assertThat(body.get("upserts").get(7).get("personHash").asText()).isEqualTo(new PersonRef(o.salt()).hash(someone.idNumber()));
        assertThat(body.get("upserts").get(7).get("masked").asText()).isEqualTo(PersonRef.mask(someone.idNumber()));
    }
}
