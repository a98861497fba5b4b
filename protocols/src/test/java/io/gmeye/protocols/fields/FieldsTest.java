package io.gmeye.protocols.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.protocols.checkpoint.PersonRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsTest {
    static final String ID = "440301199001011234";
    static final PersonRef PERSONS = new PersonRef("district-salt-for-tests");
    static final Fields TAMPER = new Fields("event tamper of type sentinel", "data.", Map.of(
            "detail", FieldSpec.text(120, false),
            "who", new FieldSpec(FieldKind.PERSON, null, null, null, null, null, false),
            "at", new FieldSpec(FieldKind.TIMESTAMP, null, null, null, null, null, false),
            "level", FieldSpec.words(false, "low", "high")), Undeclared.REFUSE);

    @Test
    void textLeavesWithIdAndMobileNumbersMaskedAndCounted() {
        Fields.Checked c = TAMPER.check(Map.of("detail", "opened by " + ID + ", tel 13800138000"), PERSONS);
        assertThat(c.ok()).isTrue();
        assertThat(c.values()).containsEntry("detail", "opened by 4403**********1234, tel 138****8000");
        assertThat(c.personal()).containsEntry(PersonalData.Shape.RESIDENT_ID, 1).containsEntry(PersonalData.Shape.MOBILE, 1);
    }

    @Test
    void aPersonReferenceBecomesItsSaltedHashAndMaskedFormOrIsRefusedWithoutASalt() {
        Fields.Checked c = TAMPER.check(Map.of("who", " " + ID.substring(0, 17) + "4 "), PERSONS);
        assertThat(c.values().get("who")).isEqualTo(new PersonValue(PERSONS.hash(ID), "4403**********1234"));
        assertThat(PersonRef.isHash(((PersonValue) c.values().get("who")).personHash())).isTrue();
        assertThat(c.persons()).isEqualTo(1);
        assertThat(TAMPER.check(Map.of("who", ID), null).problems()).singleElement().asString()
                .startsWith("data.who: a person reference cannot be taken: this site has no salt");
        assertThat(TAMPER.check(Map.of("who", 440301199001011234L), PERSONS).problems())
                .containsExactly("data.who: expected text, got a number of 18 digits");
    }

    @Test
    void anUndeclaredFieldIsRefusedOrDroppedAsTheDeclarationSaysAndItsNameIsNeverRepeatedRaw() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("detail", "lid");
        in.put(ID, "x");
        Fields.Checked refused = TAMPER.check(in, PERSONS);
        assertThat(refused.problems()).containsExactly("data.4403**********1234: not declared for event tamper of type sentinel "
                + "(it declares at, detail, level, who)");
        assertThat(refused.refused()).isEqualTo(1);
        Fields dropping = new Fields(TAMPER.owner(), TAMPER.prefix(), TAMPER.specs(), Undeclared.DROP);
        Fields.Checked dropped = dropping.check(in, PERSONS);
        assertThat(dropped.ok()).isTrue();
        assertThat(dropped.values()).containsOnlyKeys("detail");
        assertThat(dropped.dropped()).isEqualTo(1);
    }

    @Test
    void everyProblemOfAMessageIsReportedAndNoneRepeatsAPersonalNumber() {
        Fields.Checked c = TAMPER.check(Map.of("level", "13800138000", "at", 13800138000L, "detail", 5), PERSONS);
        assertThat(c.problems()).containsExactlyInAnyOrder(
                "data.level: '138****8000' is not one of low, high",
                "data.at: a number of 11 digits is not a time between 2000 and 2100 (epoch milliseconds)",
                "data.detail: expected text, got 5");
    }

    @Test
    void aTimestampIsEpochMillisecondsOrIsoTextBetween2000And2100() {
        assertThat(TAMPER.check(Map.of("at", 1_777_000_000_000L), null).values()).containsEntry("at", 1_777_000_000_000L);
        assertThat(TAMPER.check(Map.of("at", "2026-05-01T08:00:00Z"), null).values()).containsEntry("at", 1_777_622_400_000L);
        assertThat(TAMPER.check(Map.of("at", 440301199001011234L), null).ok()).isFalse();
        assertThat(TAMPER.check(Map.of("at", "yesterday"), null).problems().get(0)).contains("ISO-8601");
    }

    @Test
    void aRequiredFieldMayBeMissingOnlyFromAPartialReport() {
        Fields f = new Fields("type gauge", "", Map.of("level", FieldSpec.number(0, 20, "m", true), "battery", FieldSpec.number(0, 100, "%", false)),
                Undeclared.REFUSE);
        assertThat(f.check(Map.of("battery", 50), null).problems()).containsExactly("level: is required for type gauge");
        assertThat(f.check(Map.of("battery", 50), null, false).ok()).isTrue();
    }

    @Test
    void aDeclarationThatCouldCarryAPersonalNumberAsANumberIsRefused() {
        assertThatThrownBy(() -> FieldSpec.number(0, 2e10, null, false).validate("fields.total"))
                .hasMessageContaining("fields.total: limits must lie within");
        assertThatThrownBy(() -> new FieldSpec(FieldKind.INTEGER, null, 0d, null, null, null, false).validate("fields.n"))
                .hasMessage("fields.n: kind integer requires both min and max");
        assertThatThrownBy(() -> new FieldSpec(FieldKind.TEXT, null, null, null, List.of(), 0, false).validate("fields.t"))
                .hasMessageContaining("fields.t.maxLength: must be 1..4096");
    }
}
