package io.gmeye.agent.devices.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.agent.devices.TestEstate;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTypeCatalogTest {
    private final DeviceTypeCatalog catalog = DeviceTypeCatalog.load(TestEstate.repoRoot().resolve("config/device-types"));

    @Test
    void loadsTheThirtyThreeTypesOfTheDemoEstate() {
        assertThat(catalog.size()).isEqualTo(33);
        assertThat(catalog.all()).containsKeys("smoke_detector", "water_level", "manhole_cover", "air_quality", "noise_meter",
                "parking_sensor", "streetlight", "door_contact", "gas_detector", "temp_humidity", "sentinel", "turnstile");
        assertThat(catalog.find("turnstile").orElseThrow().commands()).contains("open", "deny");
    }

    @Test
    void refusesADescriptorWithAnUnknownFieldKindNamingFileAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("odd.yaml"), "type: odd\nheartbeat: 1m\nfields:\n  x: {kind: colour}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("odd.yaml").hasMessageContaining("fields.x.kind").hasMessageContaining("colour");
    }

    @Test
    void refusesADescriptorWithoutHeartbeat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "type: a_b\nfields:\n  x: {kind: number}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessageContaining("heartbeat");
    }

    @Test
    void acceptsReadingsWithinRangeAndNormalisesIntegers() {
        DeviceType t = catalog.find("temp_humidity").orElseThrow();
        assertThat(TelemetryValidator.validate(t, Map.of("temperature", 21.5, "humidity", 40)))
                .containsEntry("temperature", 21.5).containsEntry("humidity", 40.0);
        DeviceType bin = catalog.find("waste_bin").orElseThrow();
        assertThat(TelemetryValidator.validate(bin, Map.of("fill", 80.0))).containsEntry("fill", 80L);
    }

    @Test
    void refusesOutOfRangeReadingsWithFieldUnitAndLimit() {
        DeviceType t = catalog.find("temp_humidity").orElseThrow();
        assertThatThrownBy(() -> TelemetryValidator.validate(t, Map.of("temperature", 212.0)))
                .isInstanceOf(GmeyeException.class).hasMessage("temperature: 212.0 °C is above the maximum 85.0");
        assertThatThrownBy(() -> TelemetryValidator.validate(t, Map.of("temperature", -60)))
                .hasMessageContaining("below the minimum -40.0");
    }

    @Test
    void refusesMalformedReadingsWithAReason() {
        DeviceType t = catalog.find("temp_humidity").orElseThrow();
        assertThatThrownBy(() -> TelemetryValidator.validate(t, Map.of("temperature", "hot")))
                .hasMessage("temperature: expected a number, got 'hot'");
        assertThatThrownBy(() -> TelemetryValidator.validate(t, Map.of("humidity", 40)))
                .hasMessage("temperature: is required for type temp_humidity");
        assertThatThrownBy(() -> TelemetryValidator.validate(t, Map.of("temperature", 20, "colour", 1)))
                .hasMessageContaining("colour: not a reading of type temp_humidity");
        DeviceType charger = catalog.find("ev_charger").orElseThrow();
        assertThatThrownBy(() -> TelemetryValidator.validate(charger, Map.of("state", "dancing")))
                .hasMessageContaining("'dancing' is not one of idle, charging, fault, offline");
        DeviceType bin = catalog.find("waste_bin").orElseThrow();
        assertThatThrownBy(() -> TelemetryValidator.validate(bin, Map.of("fill", 80.5))).hasMessageContaining("expected a whole number");
    }
}
