package io.gmeye.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceState;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removing cameras and devices, over real HTTP and MQTT on a manual clock: a site's agent reports
 * cam-a online and cam-b offline (and two smoke detectors); an admin then drops cam-b and smoke-2,
 * by a site configuration version without them or by DELETE on the registry. From that moment no
 * view lists or counts them (online rate, overview, camera and device lists, registry detail),
 * the online-rate history counts cam-b up to the removal and not after, and a hub restart keeps
 * them removed. Stale reports do not bring them back: one made before the removal (an outbox
 * replay), or one from an agent that does not run the configuration version without them yet.
 * Once it does, an agent that reports cam-b again (someone added it back) registers it again.
 */
class RemovalIT {
    private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
    private static final long MIN = 60_000;
    private static final String SITE = "site-001";
    private static final String BOTH = """
            {"cameras": [{"id": "cam-a", "url": "rtsp://10.1.1.1/a"}, {"id": "cam-b", "url": "rtsp://10.1.1.1/b"}],
             "devices": [{"id": "smoke-1", "type": "smoke_detector"}, {"id": "smoke-2", "type": "smoke_detector"}]}""";
    private static final String ONLY_A = """
            {"cameras": [{"id": "cam-a", "url": "rtsp://10.1.1.1/a"}],
             "devices": [{"id": "smoke-1", "type": "smoke_detector"}]}""";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private final District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 3);

    @Test
    void aSiteConfigurationWithoutACameraRemovesItFromEveryViewAndFromTheHistoryFromThatMoment() throws Exception {
        long t0 = T0.toEpochMilli();
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            TestHub.Api admin = hub.admin();
            assertThat(admin.put("/api/v1/sites/" + SITE + "/config", BOTH).status()).isEqualTo(200);
            SiteAgentClient agent = hub.agent(SITE);
            report(hub, agent);
            clock.advance(Duration.ofMinutes(10));

            TestHub.Api.Response put = admin.put("/api/v1/sites/" + SITE + "/config", ONLY_A);
            assertThat(put.status()).as(put.text()).isEqualTo(200);
            assertRemoved(admin);
            // the agent's outbox replays reports made before the removal, and it reports cam-b until it runs version 2:
            // neither brings cam-b or smoke-2 back
            long before = t0 + 5 * MIN;
            agent.publish(Envelope.create(SITE, "agent", before, new CameraHealthBatch(false, List.of(Traffic.cameraHealth("cam-b", false, before)))));
            agent.publish(Envelope.create(SITE, "agent", before, new DeviceHealthBatch(false,
                    List.of(new DeviceHealth("smoke-2", "smoke_detector", DeviceState.ONLINE, before, before, null, 0)))));
            reportB(agent);
            heartbeat(hub, agent, 1); // after them on the same connection: the agent still runs version 1
            clock.advance(Duration.ofMinutes(10));
            assertHistory(admin, t0);
            assertThat(admin.get("/api/v1/audit?target=camera:cam-b").json().findValuesAsText("action")).containsExactly("registry.remove");
            assertThat(admin.get("/api/v1/audit?target=device:smoke-2").json().findValuesAsText("action")).containsExactly("registry.remove");
            heartbeat(hub, agent, 1); // the last word before the restart
        }
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            TestHub.Api admin = hub.admin();
            assertRemoved(admin);
            assertHistory(admin, t0);
            SiteAgentClient agent = hub.agent(SITE);
            reportB(agent);
            heartbeat(hub, agent, 2); // now it runs the version without cam-b...
            assertRemoved(admin);

            // ...and later someone added cam-b back: it reports, and is registered again
            reportB(agent);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/cameras/cam-b").status() == 200);
            assertThat(admin.get("/api/v1/online-rate?site=" + SITE).json().get("overall").get("total").asInt()).isEqualTo(2);
            clock.advance(Duration.ofMinutes(10));
            JsonNode b = admin.get("/api/v1/online-rate/history?site=" + SITE + "&from=" + t0 + "&to=" + (t0 + 30 * MIN) + "&stepSeconds=600")
                    .json().get("buckets");
            assertThat(b.get(2).get("avgTotal").asDouble()).as("counted again from its new report: %s", b).isCloseTo(2, within(1e-9));
            assertThat(b.get(2).get("rate").asDouble()).isCloseTo(1.0, within(1e-9));
            assertThat(b.get(1).get("avgTotal").asDouble()).as("and not while it was removed").isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void anAdminRemovesACameraOrDeviceOfASiteConfiguredByItsAgentAndOthersMayNot() throws Exception {
        long t0 = T0.toEpochMilli();
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            TestHub.Api admin = hub.admin();
            SiteAgentClient agent = hub.agent(SITE);
            report(hub, agent); // auto-registered from the reports: no hub-managed configuration
            clock.advance(Duration.ofMinutes(10));

            TestHub.Api olga = hub.user(admin, "olga", "operator", List.of());
            TestHub.Api elsewhere = hub.user(admin, "ada", "admin", List.of(district.sites().get(1).id()));
            assertThat(olga.delete("/api/v1/registry/cameras/cam-b").status()).isEqualTo(403);
            assertThat(elsewhere.delete("/api/v1/registry/cameras/cam-b").status()).as("an admin of another site").isEqualTo(403);
            assertThat(elsewhere.delete("/api/v1/registry/devices/smoke-2").status()).isEqualTo(403);
            assertThat(hub.anonymous().delete("/api/v1/registry/cameras/cam-b").status()).isEqualTo(401);
            TestHub.Api.Response unknown = admin.delete("/api/v1/registry/cameras/no-such-cam");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("reason").asText()).contains("no-such-cam");
            assertThat(admin.delete("/api/v1/registry/devices/no-such-device").status()).isEqualTo(404);
            assertThat(admin.get("/api/v1/cameras/cam-b").status()).as("nothing removed by the refused requests").isEqualTo(200);

            TestHub.Api.Response removed = admin.delete("/api/v1/registry/cameras/cam-b");
            assertThat(removed.status()).as(removed.text()).isEqualTo(200);
            assertThat(removed.json().get("cameras").findValuesAsText("id")).containsExactly("cam-b");
            assertThat(admin.delete("/api/v1/registry/devices/smoke-2").status()).isEqualTo(200);
            assertThat(admin.delete("/api/v1/registry/cameras/cam-b").status()).as("already gone").isEqualTo(404);
            assertRemoved(admin);
            clock.advance(Duration.ofMinutes(10));
            assertHistory(admin, t0);
            heartbeat(hub, agent, 0); // the last word before the restart
        }
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            assertRemoved(hub.admin());
            assertHistory(hub.admin(), t0);
        }
    }

    /**
     * A heartbeat now, saying which configuration version the agent runs; the hub has handled the
     * messages sent before it once it shows. The site then counts alive after a restart on the
     * unmoved clock (heard from within its timeout).
     */
    private void heartbeat(TestHub hub, SiteAgentClient agent, long configVersion) throws Exception {
        long now = clock.millis();
        agent.publish(Envelope.create(SITE, "agent", now, new AgentHealth("0.1.0", 3_600_000, new OutboxStats(0, 0, 0, Map.of(), 0), 0.4,
                200L << 20, 1L << 30, 64L << 20, 50L << 30, 100L << 30, 1, 1, 1, 1, 0, Map.of(), configVersion)));
        TestHub.Api admin = hub.admin();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode site = admin.get("/api/v1/sites").json().get(0);
            return site.get("lastSeen").asLong() == now && site.get("health").get("configVersion").asLong() == configVersion;
        });
    }

    /** cam-b online, reported now. */
    private void reportB(SiteAgentClient agent) throws Exception {
        agent.publish(Envelope.create(SITE, "agent", clock.millis(),
                new CameraHealthBatch(false, List.of(Traffic.cameraHealth("cam-b", false, clock.millis())))));
    }

    /** cam-a online and cam-b offline, smoke-1 and smoke-2 online, as the site's agent reports them. */
    private void report(TestHub hub, SiteAgentClient agent) throws Exception {
        long now = clock.millis();
        agent.publish(Envelope.create(SITE, "agent", now, new CameraHealthBatch(true,
                List.of(Traffic.cameraHealth("cam-a", false, now), Traffic.cameraHealth("cam-b", true, now)))));
        agent.publish(Envelope.create(SITE, "agent", now, new DeviceHealthBatch(true, List.of(
                new DeviceHealth("smoke-1", "smoke_detector", DeviceState.ONLINE, now, now, null, 0),
                new DeviceHealth("smoke-2", "smoke_detector", DeviceState.ONLINE, now, now, null, 0)))));
        TestHub.Api admin = hub.admin();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/overview").json().get("devices").get("online").asInt() == 2
                && admin.get("/api/v1/overview").json().get("cameras").get("total").asInt() == 2);
        JsonNode rate = admin.get("/api/v1/online-rate?site=" + SITE).json().get("overall");
        assertThat(rate.get("total").asInt()).isEqualTo(2);
        assertThat(rate.get("online").asInt()).as("cam-b offline skews the rate").isEqualTo(1);
    }

    private static void assertRemoved(TestHub.Api admin) throws Exception {
        JsonNode rate = admin.get("/api/v1/online-rate?site=" + SITE).json().get("overall");
        assertThat(rate.get("total").asInt()).as("cam-b no longer counted").isEqualTo(1);
        assertThat(rate.get("online").asInt()).isEqualTo(1);
        JsonNode overview = admin.get("/api/v1/overview").json();
        assertThat(overview.get("cameras").get("total").asInt()).isEqualTo(1);
        assertThat(overview.get("cameraOnlineRate").asDouble()).isEqualTo(1.0);
        assertThat(overview.get("devices").get("total").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/cameras").json().get("items").findValuesAsText("id")).containsExactly("cam-a");
        assertThat(admin.get("/api/v1/cameras?state=offline").json().get("total").asInt()).isZero();
        assertThat(admin.get("/api/v1/cameras?q=cam").json().get("items").findValuesAsText("id")).containsExactly("cam-a");
        assertThat(admin.get("/api/v1/cameras/cam-b").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/devices").json().get("items").findValuesAsText("id")).containsExactly("smoke-1");
        assertThat(admin.get("/api/v1/devices/smoke-2").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/online-rate?by=site").json().get("groups").get(0).get("total").asInt()).isEqualTo(1);
    }

    /** Removed at T0+10m: before, cam-a online of two; after, cam-a alone. */
    private static void assertHistory(TestHub.Api admin, long t0) throws Exception {
        TestHub.Api.Response r = admin.get("/api/v1/online-rate/history?site=" + SITE + "&from=" + t0 + "&to=" + (t0 + 20 * MIN) + "&stepSeconds=600");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode b = r.json().get("buckets");
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.get(0).get("rate").asDouble()).as("cam-b counted, offline, before its removal: %s", b).isCloseTo(0.5, within(1e-9));
        assertThat(b.get(0).get("avgTotal").asDouble()).as("%s", b).isCloseTo(2, within(1e-9));
        assertThat(b.get(1).get("rate").asDouble()).as("and not at all after it: %s", b).isCloseTo(1.0, within(1e-9));
        assertThat(b.get(1).get("avgTotal").asDouble()).as("%s", b).isCloseTo(1, within(1e-9));
    }
}
