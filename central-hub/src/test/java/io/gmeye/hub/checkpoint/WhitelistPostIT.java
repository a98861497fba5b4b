package io.gmeye.hub.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.rigs.estate.DistrictGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v1/whitelist over HTTP: only hashes in the agent's form, masked forms and known lists get in. */
class WhitelistPostIT {
    static final String ID = "440301199001011234";
    static final PersonRef PERSONS = new PersonRef("district-salt-for-tests");
    @TempDir
    static Path dir;
    static TestHub hub;
    static TestHub.Api admin;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(dir, DistrictGenerator.generate(DistrictGenerator.SMALL, 2), new ManualClock(Instant.parse("2026-05-01T08:00:00Z")));
        admin = hub.admin();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void refusesARawIdAsHashAnUnmaskedFormAndAnUnknownListWith400AndEveryProblemStoringNothing() throws Exception {
        long before = version();
        TestHub.Api.Response r = admin.post("/api/v1/whitelist", """
                {"upserts": [
                   {"personHash": "%s", "list": "white", "masked": "4403**********1234"},
                   {"personHash": "%s", "list": "white", "masked": "%s"},
                   {"personHash": "%s", "list": "vip"},
                   {"personHash": "%s", "list": "white", "validUntil": -1}],
                 "removals": ["%s"]}""".formatted(ID, PERSONS.hash(ID), ID, PERSONS.hash("110101194912310020"),
                PERSONS.hash(ID).toUpperCase(), "11010519491231002X"));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        JsonNode body = r.json();
        assertThat(body.get("error").asText()).isEqualTo("bad_request");
        List<String> problems = new ArrayList<>();
        body.get("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).hasSize(6);
        assertThat(problems.get(0)).startsWith("upserts[0].personHash: looks like a raw ID number, which must never reach the hub; "
                + "send the agent's hash: 64 lower-case hex characters");
        assertThat(problems.get(1)).startsWith("upserts[1].masked: must be masked as the agent masks it (4403**********1234");
        assertThat(problems.get(2)).isEqualTo("upserts[2].list: 'vip' is not one of white, yellow, red");
        assertThat(problems.get(3)).startsWith("upserts[3].personHash: must be the agent's hash"); // upper-case: would never match a scan
        assertThat(problems.get(4)).isEqualTo("upserts[3].validUntil: must be epoch milliseconds (0 or left out: no end)");
        assertThat(problems.get(5)).startsWith("removals[0]: looks like a raw ID number");
        assertThat(r.text()).as("the answer never repeats a raw number").doesNotContain(ID).doesNotContain("0119900101")
                .doesNotContain("11010519491231002X");
        assertThat(version()).as("nothing stored, no version made").isEqualTo(before);
        assertNoRawIdStored();
    }

    @Test
    void reportsEveryProblemOfOneEntryAndFieldsItDoesNotKnow() throws Exception {
        TestHub.Api.Response r = admin.post("/api/v1/whitelist", """
                {"add": [], "upserts": [{"personHash": "%s", "list": "white", "validUntil": -1, "name": "张三"}]}"""
                .formatted(PERSONS.hash(ID)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("problems").toString()).contains("body.add: not a field here (removals, upserts)",
                "upserts[0].validUntil: must be epoch milliseconds", "upserts[0].name: not a field here");
        TestHub.Api.Response empty = admin.post("/api/v1/whitelist", "{\"upserts\": [], \"removals\": []}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("reason").asText()).isEqualTo("body: nothing to change (upserts and removals are empty)");
        assertThat(admin.post("/api/v1/whitelist", "[1]").json().get("reason").asText()).startsWith("body: expected {upserts:");
    }

    @Test
    void takesAChangeInTheAgentsFormAsANewVersion() throws Exception {
        long before = version();
        TestHub.Api.Response r = admin.post("/api/v1/whitelist", """
                {"upserts": [{"personHash": "%s", "list": "white", "masked": "4403**********1234", "validUntil": 0},
                             {"personHash": "%s", "list": "red", "masked": "%s"}]}"""
                .formatted(PERSONS.hash(ID), PERSONS.hash("11010519491231002X"), PersonRef.mask("11010519491231002X")));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("version").asLong()).isEqualTo(before + 1);
        TestHub.Api.Response removed = admin.post("/api/v1/whitelist", "{\"removals\": [\"" + PERSONS.hash(ID) + "\"]}");
        assertThat(removed.status()).as(removed.text()).isEqualTo(200);
        assertNoRawIdStored();
    }

    private static long version() throws Exception {
        return admin.get("/api/v1/whitelist").json().get("version").asLong();
    }

    private static void assertNoRawIdStored() {
        for (Space space : Space.values()) {
            hub.hub().store().scan(space, new byte[0], false, (k, v) -> {
                String value = new String(v, StandardCharsets.UTF_8);
                assertThat(value).as(space + " holds a raw ID").doesNotContain(ID).doesNotContain("11010519491231002X");
                return true;
            });
        }
    }
}
