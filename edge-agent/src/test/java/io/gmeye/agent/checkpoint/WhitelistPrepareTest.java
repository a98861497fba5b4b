package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.config.WhitelistEntry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhitelistPrepareTest {
    static final PersonRef PERSONS = new PersonRef("district-salt-for-tests");
    static final String ALICE = "440301199001011234";
    static final String BOB = "11010519491231002X";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WhitelistPrepare.Options WHITE = new WhitelistPrepare.Options("white", 0, false, SHANGHAI);
    final WhitelistPrepare prepare = new WhitelistPrepare(PERSONS);

    private WhitelistPrepare.Result of(String text, WhitelistPrepare.Options o) {
        return prepare.prepare(text.getBytes(StandardCharsets.UTF_8), o);
    }

    @Test
    void hashesAPlainListAsTheAgentHashesAScanAndMasksAsItMasks() {
        WhitelistPrepare.Result r = of(ALICE + "\n\n" + BOB.toLowerCase() + "\r\n", WHITE);
        assertThat(r.problems()).isEmpty();
        assertThat(r.upserts()).containsExactly(new WhitelistEntry(PERSONS.hash(ALICE), "white", "4403**********1234", 0),
                new WhitelistEntry(PERSONS.hash(BOB), "white", "1101**********002X", 0));
        assertThat(r.body().toString()).doesNotContain(ALICE).doesNotContain(BOB);
    }

    @Test
    void readsACsvWithAChineseHeaderInGb18030NamesAndPhonesLeftOut() {
        String csv = "姓名,身份证号,手机,名单,有效期至\r\n张三,\"" + ALICE + "\",13800138000,white,2026-12-31\r\n李四,=\"" + BOB + "\",13900139000,red,\r\n";
        WhitelistPrepare.Result r = prepare.prepare(csv.getBytes(Charset.forName("GB18030")), WHITE);
        assertThat(r.problems()).isEmpty();
        long endOf2026 = java.time.LocalDate.of(2027, 1, 1).atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        assertThat(r.upserts()).containsExactly(new WhitelistEntry(PERSONS.hash(ALICE), "white", "4403**********1234", endOf2026),
                new WhitelistEntry(PERSONS.hash(BOB), "red", "1101**********002X", 0));
        assertThat(r.body().toString()).doesNotContain("张三").doesNotContain("13800138000");
    }

    @Test
    void readsATsvWithoutHeaderAsIdListValidUntilAndMergesRepeatedLines() {
        WhitelistPrepare.Result r = of("\uFEFF" + ALICE + "\tyellow\n" + ALICE + "\tyellow\n" + BOB + "\n", WHITE);
        assertThat(r.problems()).isEmpty();
        assertThat(r.upserts()).extracting(WhitelistEntry::list).containsExactly("yellow", "white");
        assertThat(r.duplicates()).isEqualTo(1);
    }

    @Test
    void reportsEveryBadLineByNumberInMaskedFormAndPreparesNothing() {
        WhitelistPrepare.Result r = of(String.join("\n", "id,list", ALICE + ",white", "440301199001011235,white", "4.40301E+17,white",
                "440301900101123,white", BOB + ",vip", ALICE + ",red", "not-an-id,white"), WHITE);
        assertThat(r.upserts()).isEmpty();
        assertThat(r.problems()).containsExactly(
                "line 3: 4403**********1235: the check digit does not match (a typing error?)",
                "line 4: the ID number was turned into a number (4.40301E+17) by a spreadsheet and lost its last digits; "
                        + "format the column as text and export again",
                "line 5: 4403*******1123 is an old 15-digit ID number; gates read the 18-digit number of current cards",
                "line 6: list 'vip' is not one of white, yellow, red",
                "line 7: 4403**********1234 is also on line 2 with another list or end",
                "line 8: 'NOTANID' is not an 18-character resident ID number");
        assertThat(String.join("\n", r.problems())).doesNotContain("0119900101");
    }

    @Test
    void makesRemovalsFromTheSameFile() {
        WhitelistPrepare.Result r = of(ALICE + "\n" + BOB + "\n", new WhitelistPrepare.Options("white", 0, true, SHANGHAI));
        assertThat(r.upserts()).isEmpty();
        assertThat(r.removals()).isEqualTo(List.of(PERSONS.hash(ALICE), PERSONS.hash(BOB)));
    }

    @Test
    void anEmptyFileIsAProblemNotAnEmptyChange() {
        assertThat(of("\n\n", WHITE).problems()).containsExactly("the file holds no ID numbers");
    }
}
