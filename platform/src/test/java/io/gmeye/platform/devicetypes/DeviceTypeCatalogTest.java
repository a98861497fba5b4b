package io.gmeye.platform.devicetypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.platform.config.ConfigException;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.device.DeviceType;
import io.gmeye.protocols.fields.FieldKind;
import io.gmeye.protocols.fields.Fields;
import io.gmeye.protocols.fields.PersonValue;
import io.gmeye.protocols.fields.Undeclared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTypeCatalogTest {
    static final Path TYPES = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath().resolve("config/device-types");
    private final DeviceTypeCatalog catalog = DeviceTypeCatalog.load(TYPES);

    @Test
    void loadsTheThirtyThreeTypesOfTheDemoEstate() {
        assertThat(catalog.size()).isEqualTo(33);
        assertThat(catalog.all()).containsKeys("smoke_detector", "water_level", "manhole_cover", "air_quality", "noise_meter",
                "parking_sensor", "streetlight", "door_contact", "gas_detector", "temp_humidity", "sentinel", "turnstile");
        assertThat(catalog.find("turnstile").orElseThrow().commandNames()).containsExactly("open", "deny", "remote_open", "lock", "unlock");
    }

    @Test
    void declaresCommandArgumentsWithTheFieldsLanguageAndWhichNeedAReason() {
        DeviceType lamp = catalog.find("streetlight").orElseThrow();
        assertThat(lamp.commandNames()).containsExactly("turn_on", "turn_off", "dim");
        Fields dim = lamp.commandArgs("dim").orElseThrow();
        assertThat(dim.check(Map.of("level", 40), null).values()).containsEntry("level", 40L);
        assertThat(dim.check(Map.of("level", 140, "colour", "red"), null).problems()).containsExactlyInAnyOrder(
                "args.level: 140.0 % is above the maximum 100.0",
                "args.colour: not declared for command dim of type streetlight (it declares level)");
        assertThat(dim.check(Map.of(), null).problems()).containsExactly("args.level: is required for command dim of type streetlight");
        DeviceType gate = catalog.find("turnstile").orElseThrow();
        assertThat(gate.command("remote_open").orElseThrow().reasonRequired()).isTrue();
        assertThat(gate.command("open").orElseThrow().agentOnly()).isTrue();
        assertThat(lamp.command("turn_on").orElseThrow().reasonRequired()).isFalse();
        assertThat(catalog.find("door_contact").orElseThrow().commands()).isEmpty();
    }

    @Test
    void refusesACommandArgumentThatCannotBeCheckedOrThatNamesAPerson(@TempDir Path dir) throws Exception {
        String head = "type: a_b\nheartbeat: 1m\nfields:\n  x: {kind: number, min: 0, max: 1}\n";
        Files.writeString(dir.resolve("a.yaml"), head + "commands:\n  set:\n    args:\n      v: {kind: number, min: 0}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessage("a.yaml: commands.set.args.v: kind number requires both min and max");
        Files.writeString(dir.resolve("a.yaml"), head + "commands:\n  let_in:\n    args:\n      who: {kind: person}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessage("a.yaml: commands.let_in.args.who: a command argument cannot be of kind person");
        Files.writeString(dir.resolve("a.yaml"), head + "commands:\n  Open-Now: {}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessageContaining("commands.Open-Now: a command name is lower-case");
        Files.writeString(dir.resolve("a.yaml"), head + "commands:\n  go:\n");
        assertThat(DeviceTypeCatalog.load(dir).find("a_b").orElseThrow().command("go")).isPresent(); // `go:` with nothing: no arguments
    }

    @Test
    void declaresEveryEventsDataWithKindsAndTheSentinelsReferenceAsAPerson() {
        DeviceType sentinel = catalog.find("sentinel").orElseThrow();
        assertThat(sentinel.eventNames()).containsExactly("reader_fault", "scan", "tamper");
        assertThat(sentinel.events().get("scan").get("ref").kind()).isEqualTo(FieldKind.PERSON);
        assertThat(sentinel.events().get("tamper").get("detail").kind()).isEqualTo(FieldKind.TEXT);
        assertThat(sentinel.undeclared()).isEqualTo(Undeclared.REFUSE);
        assertThat(catalog.find("ev_charger").orElseThrow().undeclared()).isEqualTo(Undeclared.DROP);
    }

    @Test
    void refusesADescriptorWithAnUnknownFieldKindNamingFileAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("odd.yaml"), "type: odd\nheartbeat: 1m\nfields:\n  x: {kind: colour}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("odd.yaml").hasMessageContaining("fields.x.kind").hasMessageContaining("colour");
    }

    @Test
    void refusesADescriptorWithoutHeartbeat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "type: a_b\nfields:\n  x: {kind: number, min: 0, max: 1}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessageContaining("heartbeat");
    }

    @Test
    void refusesNumbersWithoutLimitsOrWithLimitsWideEnoughForAPhoneNumber(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "type: a_b\nheartbeat: 1m\nfields:\n  x: {kind: number, min: 0}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessage("a.yaml: fields.x: kind number requires both min and max");
        Files.writeString(dir.resolve("a.yaml"), "type: a_b\nheartbeat: 1m\nfields:\n  x: {kind: integer, min: 0, max: 99999999999}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessageContaining("a.yaml: fields.x: limits must lie within");
    }

    @Test
    void refusesAnEventFieldThatCannotBeCheckedNamingEventAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "type: a_b\nheartbeat: 1m\nfields:\n  x: {kind: number, min: 0, max: 1}\n"
                + "events:\n  alarm:\n    note: {kind: text, values: [a]}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessage("a.yaml: events.alarm.note.values: only an enum has values");
        Files.writeString(dir.resolve("a.yaml"), "type: a_b\nheartbeat: 1m\nundeclared: keep\nfields:\n  x: {kind: number, min: 0, max: 1}\n");
        assertThatThrownBy(() -> DeviceTypeCatalog.load(dir)).hasMessageContaining("undeclared").hasMessageContaining("refuse, drop");
    }

    @Test
    void acceptsReadingsWithinRangeAndNormalisesIntegers() {
        DeviceType t = catalog.find("temp_humidity").orElseThrow();
        assertThat(readings(t, Map.of("temperature", 21.5, "humidity", 40)).values())
                .containsEntry("temperature", 21.5).containsEntry("humidity", 40.0);
        DeviceType bin = catalog.find("waste_bin").orElseThrow();
        assertThat(readings(bin, Map.of("fill", 80.0)).values()).containsEntry("fill", 80L);
    }

    @Test
    void refusesOutOfRangeReadingsWithFieldUnitAndLimit() {
        DeviceType t = catalog.find("temp_humidity").orElseThrow();
        assertThat(readings(t, Map.of("temperature", 212.0)).problems()).containsExactly("temperature: 212.0 °C is above the maximum 85.0");
        assertThat(readings(t, Map.of("temperature", -60)).problems()).singleElement().asString().contains("below the minimum -40.0");
    }

    @Test
    void refusesMalformedReadingsWithAReason() {
        DeviceType t = catalog.find("temp_humidity").orElseThrow();
        assertThat(readings(t, Map.of("temperature", "hot")).problems()).containsExactly("temperature: expected a number, got 'hot'");
        assertThat(readings(t, Map.of("humidity", 40)).problems()).containsExactly("temperature: is required for type temp_humidity");
        assertThat(readings(t, Map.of("temperature", 20, "colour", 1)).problems())
                .containsExactly("colour: not declared for type temp_humidity (it declares battery, humidity, temperature)");
        DeviceType charger = catalog.find("ev_charger").orElseThrow();
        assertThat(readings(charger, Map.of("state", "dancing")).problems().get(0)).contains("'dancing' is not one of idle, charging, fault, offline");
        DeviceType bin = catalog.find("waste_bin").orElseThrow();
        assertThat(readings(bin, Map.of("fill", 80.5)).problems().get(0)).contains("expected a whole number");
    }

    @Test
    void aTypeThatDropsUndeclaredFieldsTakesTheRestAndCountsTheDrop() {
        DeviceType charger = catalog.find("ev_charger").orElseThrow();
        Fields.Checked c = readings(charger, Map.of("state", "idle", "firmware_note", "440301199001011234"));
        assertThat(c.ok()).isTrue();
        assertThat(c.values()).containsOnlyKeys("state");
        assertThat(c.dropped()).isEqualTo(1);
    }

    @Test
    void theChargersRefusedCardIsAPersonAndLeavesOnlyAsItsHashAndMaskedForm() {
        PersonRef persons = new PersonRef("district-salt-for-tests");
        Fields.Checked c = catalog.find("ev_charger").orElseThrow().event("card_refused").orElseThrow()
                .check(Map.of("card", "440301199001011234", "why", "blocked"), persons);
        assertThat(c.values().get("card")).isEqualTo(new PersonValue(persons.hash("440301199001011234"), "4403**********1234"));
        assertThat(c.persons()).isEqualTo(1);
    }

    private static Fields.Checked readings(DeviceType t, Map<String, Object> values) {
        return t.readings().check(values, null);
    }
}
