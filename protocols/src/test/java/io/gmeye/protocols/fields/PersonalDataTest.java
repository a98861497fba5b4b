package io.gmeye.protocols.fields;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.fields.PersonalData.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonalDataTest {
    static final String ID = "440301199001011234"; // check digit 4 holds
    static final String ID_X = "11010519491231002X"; // check digit X holds

    @Test
    void masksAnEighteenDigitIdNumberWhoseCheckDigitHoldsWhereverItStandsInText() {
        assertThat(PersonalData.scrub("reader saw " + ID + " at 08:00").text()).isEqualTo("reader saw 4403**********1234 at 08:00");
        assertThat(PersonalData.scrub(ID).text()).isEqualTo("4403**********1234");
        assertThat(PersonalData.scrub("id:" + ID_X.toLowerCase() + ",ok").text()).isEqualTo("id:1101**********002X,ok");
        assertThat(PersonalData.scrub("card " + ID + "abc").found()).containsEntry(Shape.RESIDENT_ID, 1);
    }

    @Test
    void masksIdNumbersWrittenInGroupsOrInFullWidthDigits() {
        assertThat(PersonalData.scrub("440301 19900101 1234").text()).isEqualTo("4403**********1234");
        assertThat(PersonalData.scrub("440301-19900101-1234").text()).isEqualTo("4403**********1234");
        assertThat(PersonalData.scrub("身份证４４０３０１１９９００１０１１２３４号").text()).isEqualTo("身份证4403**********1234号");
    }

    @Test
    void leavesEighteenDigitsWhoseCheckDigitFailsAndLongerRunsOfDigitsAlone() {
        assertThat(PersonalData.scrub("440301199001011230").clean()).isTrue(); // check digit should be 4
        assertThat(PersonalData.scrub("serial 9" + ID).clean()).isTrue(); // 19 digits: not an ID's shape
        assertThat(PersonalData.scrub("t=1714550400000").clean()).isTrue(); // a time in milliseconds
    }

    @Test
    void masksAnOldFifteenDigitIdWithAProvinceAndABirthDate() {
        assertThat(PersonalData.scrub("old id 440301900101123").text()).isEqualTo("old id 4403*******1123");
        assertThat(PersonalData.scrub("440301900101123").found()).containsEntry(Shape.OLD_RESIDENT_ID, 1);
        // an IMEI (86: no province) and a 15-digit number without a date stay as they are
        assertThat(PersonalData.scrub("imei 862012345678901").clean()).isTrue();
        assertThat(PersonalData.scrub("440301901301123").clean()).isTrue(); // month 13
        assertThat(PersonalData.scrub("440301900230123").clean()).isTrue(); // 30 February
    }

    @Test
    void masksMainlandMobileNumbersWithOrWithoutCountryCodeAndSpacing() {
        assertThat(PersonalData.scrub("call 13800138000 now").text()).isEqualTo("call 138****8000 now");
        assertThat(PersonalData.scrub("+86 138 0013 8000").text()).isEqualTo("138****8000");
        assertThat(PersonalData.scrub("8613800138000").text()).isEqualTo("138****8000");
        assertThat(PersonalData.scrub("tel:199-1234-5678;").text()).isEqualTo("tel:199****5678;");
        assertThat(PersonalData.scrub("12800138000").clean()).isTrue(); // 12: no such mobile prefix
        assertThat(PersonalData.scrub("113800138000").clean()).isTrue(); // 12 digits
    }

    @Test
    void countsEveryShapeFoundAndLeavesNoDigitsOfThemBehind() {
        PersonalData.Scrubbed s = PersonalData.scrub(ID + " / " + ID_X + " / 13800138000 / 440301900101123");
        assertThat(s.found()).isEqualTo(Map.of(Shape.RESIDENT_ID, 2, Shape.MOBILE, 1, Shape.OLD_RESIDENT_ID, 1));
        assertThat(s.text()).doesNotContain("0301199001").doesNotContain("0013").doesNotContain("900101");
        assertThat(PersonalData.scrub(s.text()).clean()).as("masking twice changes nothing").isTrue();
    }

    @Test
    void knowsAResidentIdByItsCheckDigit() {
        assertThat(PersonalData.isResidentId(ID)).isTrue();
        assertThat(PersonalData.isResidentId(ID_X)).isTrue();
        assertThat(PersonalData.isResidentId("440301199001011235")).isFalse();
        assertThat(PersonalData.isResidentId("4403011990010112")).isFalse();
    }
}
