package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the hub says about checkpoints agrees with itself and with what happened at the gates: an
 * alert has one state whichever route moves it; a pass is counted once though its agent sends a
 * decision and an outcome; the whitelist versions show who is behind, also after a restart. Agents
 * over real MQTT, operators over real HTTP and the live stream.
 */
class CheckpointTruthIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @TempDir
    static Path dir;
    static TestHub hub;
    static District district;
    static Traffic traffic;

    @BeforeAll
    static void start() throws Exception {
        district = DistrictGenerator.generate(DistrictGenerator.SMALL, 7);
        traffic = new Traffic(district, 7);
        hub = TestHub.start(dir, district, Clock.systemUTC());
        hub.importRegistry(hub.admin());
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void anAlertHasOneStateWhicheverRouteMovesItAndTheStreamCarriesIt() throws Exception {
        District.CheckpointDef cp = district.checkpointsOf("site-001").get(0);
        Envelope<CheckpointAlert> raised = hub.agent("site-001").publish(traffic.alert(cp, "red_code", System.currentTimeMillis()));
        String alertId = raised.body().alertId();
        String item = "alert-" + alertId;
        TestHub.Api admin = hub.admin();
        TestHub.Api olga = hub.user(admin, "olga", "operator", List.of());
        await().atMost(WAIT).until(() -> admin.get("/api/v1/workitems/" + item).status() == 200);
        assertThat(alert(admin, "", alertId).get("state").asText()).isEqualTo("discovered");
        JsonNode raisedItem = admin.get("/api/v1/workitems/" + item).json();
        assertThat(raisedItem.get("alert").get("healthCode").asText()).as("the cause as the scan read it").isEqualTo("red");
        assertThat(raisedItem.get("alert").get("temperature").asDouble()).isBetween(35.0, 42.0);
        List<String> expectedTags = new java.util.ArrayList<>(cp.tags());
        expectedTags.addAll(district.sites().stream().filter(x -> x.id().equals("site-001")).findFirst().orElseThrow().tags());
        district.devicesOf("site-001").stream().filter(d -> d.id().equals(cp.id() + "-sentinel")).forEach(d -> expectedTags.addAll(d.tags()));
        assertThat(toList(raisedItem.get("tags")))
                .as("its checkpoint's, its sentinel's and its site's tags").containsAll(expectedTags).isNotEmpty();

        try (StreamFrames wall = new StreamFrames(hub, admin)) {
            wall.await("\"type\":\"hello\"");
            TestHub.Api.Response warned = olga.post("/api/v1/checkpoints/alerts/" + alertId + "/state", "{\"state\":\"warned\",\"note\":\"民警已到场\"}");
            assertThat(warned.status()).as(warned.text()).isEqualTo(200);
            assertThat(warned.json().get("state").asText()).isEqualTo("warned");
            assertThat(warned.json().get("workState").asText()).isEqualTo("acknowledged");
            JsonNode w = admin.get("/api/v1/workitems/" + item).json();
            assertThat(w.get("state").asText()).as("the console's work item moved with the alert").isEqualTo("acknowledged");
            assertThat(w.get("trail").findValuesAsText("actor")).contains("olga");
            assertThat(w.get("notes").findValuesAsText("text")).containsExactly("民警已到场");
            assertThat(wall.await("\"id\":\"" + item + "\"")).as("the wall's ticker hears of it").contains("\"state\":\"acknowledged\"");
        }
        assertThat(ids(admin, "?state=warned")).contains(alertId);
        assertThat(ids(admin, "?state=discovered")).doesNotContain(alertId);

        // the other way: the console's action moves the alert
        assertThat(olga.post("/api/v1/workitems/" + item + "/actions", "{\"to\":\"dispatched\"}").status()).isEqualTo(200);
        assertThat(alert(admin, "?state=verified", alertId).get("workState").asText()).isEqualTo("dispatched");
        TestHub.Api.Response again = olga.post("/api/v1/checkpoints/alerts/" + alertId + "/state", "{\"state\":\"verified\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains("is verified; it can only move to disposed");
        assertThat(olga.post("/api/v1/workitems/" + item + "/actions", "{\"to\":\"false_positive\"}").status()).isEqualTo(200);
        assertThat(alert(admin, "?state=disposed", alertId).get("workState").asText()).isEqualTo("false_positive");
        assertThat(olga.post("/api/v1/checkpoints/alerts/" + alertId + "/state", "{\"state\":\"warned\"}").text()).contains("closed");

        TestHub.Api elsewhere = hub.user(admin, "sid", "operator", List.of("site-002"));
        assertThat(ids(elsewhere, "")).as("another site's operator").doesNotContain(alertId);
        assertThat(elsewhere.post("/api/v1/checkpoints/alerts/" + alertId + "/state", "{\"state\":\"warned\"}").status()).isEqualTo(403);
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode alert(TestHub.Api api, String query, String alertId) throws Exception {
        for (JsonNode a : api.get("/api/v1/checkpoints/alerts" + query).json()) {
            if (a.path("alert").path("alertId").asText().equals(alertId)) {
                return a;
            }
        }
        throw new AssertionError("alert " + alertId + " not listed with " + query);
    }

    private static List<String> ids(TestHub.Api api, String query) throws Exception {
        return api.get("/api/v1/checkpoints/alerts" + query).json().findValuesAsText("alertId");
    }

    @Test
    void aPassIsCountedOnceThoughItsAgentSendsADecisionAndAnOutcome() throws Exception {
        District.CheckpointDef cp = district.checkpointsOf("site-002").get(0);
        SiteAgentClient agent = hub.agent("site-002");
        TestHub.Api admin = hub.admin();
        long now = System.currentTimeMillis();
        int allowed = 0;
        int denied = 0;
        try (StreamFrames wall = new StreamFrames(hub, admin)) {
            wall.await("\"type\":\"hello\"");
            for (int i = 0; i < 12; i++) {
                CheckpointPass decided = traffic.pass(cp, 3, now - i * 1000L).body();
                boolean allow = decided.decision() == PassDecision.ALLOW;
                allowed += allow ? 1 : 0;
                denied += allow ? 0 : 1;
                String outcome = !allow ? "denied" : i == 5 ? "timeout" : "passed";
                Envelope<CheckpointPass> decision = Envelope.create("site-002", decided.sentinel(), now - i * 1000L, with(decided, null));
                Envelope<CheckpointPass> told = Envelope.create("site-002", decided.turnstile(), now - i * 1000L + 300, with(decided, outcome));
                if (i == 7) {
                    agent.publishBatch(List.of(told, decision)); // the outcome first, both in one write
                } else {
                    agent.publish(decision);
                    agent.publish(told);
                }
            }
            CheckpointPass denial = with(traffic.pass(cp, 3, now).body(), "denied");
            denial = new CheckpointPass(denial.passId(), denial.checkpoint(), denial.sentinel(), denial.turnstile(), denial.credentialKind(),
                    denial.personHash(), denial.personMasked(), "red", denial.temperature(), PassDecision.DENY, "red health code",
                    denial.whitelistVersion(), denial.latencyMs(), null);
            agent.publish(Envelope.create("site-002", denial.sentinel(), now, denial));
            agent.publish(Envelope.create("site-002", denial.turnstile(), now + 200, with(denial, "denied")));
            denied++;
            int passes = allowed + denied;

            // the live counter of the wall: passes, not records
            long[] heard = new long[2];
            await().atMost(WAIT).until(() -> {
                for (String f; (f = wall.frames.poll()) != null; ) {
                    heard[0] += sum(f, "allowed");
                    heard[1] += sum(f, "denied");
                }
                return heard[0] + heard[1] >= passes;
            });
            assertThat(heard).containsExactly(allowed, denied);
        }

        JsonNode act = admin.get("/api/v1/checkpoints/activity?hours=2&checkpoint=" + cp.id()).json();
        long[] sum = new long[3];
        for (JsonNode h : act.get("hours")) {
            sum[0] += h.get("allowed").asLong();
            sum[1] += h.get("denied").asLong();
            sum[2] += h.get("timeouts").asLong();
        }
        assertThat(sum).containsExactly(allowed, denied, 1);
        assertThat(act.get("gates").get(0).get("passes").asInt()).isEqualTo(allowed + denied);
        assertThat(act.get("denyReasons").get("red health code").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(admin.get("/api/v1/checkpoints/denials?checkpoint=" + cp.id()).json().size()).isEqualTo(denied);
        assertThat(admin.get("/api/v1/checkpoints?site=site-002").json().findValues("allowedToday").stream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(allowed);
    }

    private static CheckpointPass with(CheckpointPass p, String outcome) {
        return new CheckpointPass(p.passId(), p.checkpoint(), p.sentinel(), p.turnstile(), p.credentialKind(), p.personHash(), p.personMasked(),
                p.healthCode(), p.temperature(), p.decision(), p.reason(), p.whitelistVersion(), p.latencyMs(), outcome);
    }

    /** allowed or denied summed over the frame's checkpoints messages. */
    private static long sum(String frame, String key) throws Exception {
        long n = 0;
        for (JsonNode m : Json.mapper().readTree(frame)) {
            if ("checkpoints".equals(m.path("type").asText())) {
                n += m.path(key).asLong();
            }
        }
        return n;
    }

    @Test
    void theWhitelistVersionsShowWhichAgentIsBehindAndThePerSiteMapSurvivesAHubRestart() throws Exception {
        PersonRef refs = new PersonRef("district-salt-for-this-test");
        String raw = "440301199001011234";
        TestHub.Api admin = hub.admin();
        Map<String, Object> change = Map.of("upserts", List.of(Map.of("personHash", refs.hash(raw), "list", "white", "masked", PersonRef.mask(raw),
                "validUntil", 0)), "removals", List.of());
        TestHub.Api.Response posted = admin.post("/api/v1/whitelist", Json.mapper().writeValueAsString(change));
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);
        long version = posted.json().get("version").asLong();
        long now = System.currentTimeMillis();
        hub.agent("site-001").publish(traffic.agentHealth("site-001", version - 1, now));
        hub.agent("site-003").publish(traffic.agentHealth("site-003", version, now));

        for (int run = 0; run < 2; run++) {
            TestHub.Api a = hub.admin();
            JsonNode versions = a.get("/api/v1/whitelist/versions").json();
            JsonNode behind = find(versions, "site-001");
            assertThat(behind.get("hubVersion").asLong()).as("run " + run).isEqualTo(version);
            assertThat(behind.get("agentVersion").asLong()).isEqualTo(version - 1);
            assertThat(behind.get("behind").asBoolean()).isTrue();
            assertThat(find(versions, "site-003").get("behind").asBoolean()).isFalse();
            JsonNode sites = a.get("/api/v1/whitelist").json().get("sites");
            assertThat(sites.get("site-001").asLong()).as("run " + run).isEqualTo(version - 1);
            assertThat(sites.get("site-003").asLong()).isEqualTo(version);
            if (run == 0) {
                hub.close();
                hub = TestHub.start(dir, district, Clock.systemUTC());
            }
        }
    }

    private static JsonNode find(JsonNode list, String site) {
        for (JsonNode n : list) {
            if (n.get("site").asText().equals(site)) {
                return n;
            }
        }
        throw new AssertionError("no " + site + " in " + list);
    }
}
