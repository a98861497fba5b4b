package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole site going silent shows in the online rate over time: its agent, over real MQTT,
 * reports every camera online and then drops off; while the hub hears nothing from it for longer
 * than the site timeout (90 s unless hub.yaml sets {@code siteTimeout}) its cameras count offline in the history, and count again from the
 * moment it reconnects. The outage is still in the history after a hub restart, including one that
 * was going on when the hub stopped. The hub runs on a manual clock, so the rates are exact.
 */
class SiteSilenceHistoryIT {
    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    static final long MIN = 60_000;
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);
    final District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 3);
    final Traffic traffic = new Traffic(district, 3);

    @Test
    void aSilentSiteCountsOfflineInTheHistoryUntilItReportsAgain() throws Exception {
        long t0 = T0.toEpochMilli();
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            SiteAgentClient agent = hub.agent("site-001");
            agent.publish(traffic.cameraHealth("site-001", 0, clock.millis())); // every camera online
            clock.advance(Duration.ofMinutes(10));
            agent.publish(traffic.agentHealth("site-001", 1, clock.millis())); // last word at T0+10m
            agent.close();
            awaitDisconnected(hub, "site-001");
            assertThat(siteOnline(hub, "site-001")).as("heard from within the site timeout, on the hub's clock").isTrue();
            clock.advance(Duration.ofMinutes(30));
            // silent from T0+11.5m (last word + 90 s), still going at T0+40m
            assertRates(hub, t0, t0 + 40 * MIN, 1.0, 0.15, 0.0, 0.0);
            assertThat(hub.admin().get("/api/v1/online-rate?site=site-001").json().get("overall").get("online").asInt()).isZero();
            assertThat(siteOnline(hub, "site-001")).as("the site list judges on the hub's clock, as the history does").isFalse();

            SiteAgentClient back = hub.agent("site-001"); // reconnects at T0+40m
            back.publish(traffic.agentHealth("site-001", 1, clock.millis()));
            clock.advance(Duration.ofMinutes(20));
            assertThat(siteOnline(hub, "site-001")).isTrue();
            assertRates(hub, t0, t0 + 60 * MIN, 1.0, 0.15, 0.0, 0.0, 1.0, 1.0);

            back.publish(traffic.agentHealth("site-001", 1, clock.millis())); // last word at T0+60m
            back.close();
            awaitDisconnected(hub, "site-001");
            clock.advance(Duration.ofMinutes(10)); // silent from T0+61.5m when the hub stops at T0+70m
        }
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            assertRates(hub, t0, t0 + 70 * MIN, 1.0, 0.15, 0.0, 0.0, 1.0, 1.0, 0.15);
            clock.advance(Duration.ofMinutes(10));
            hub.agent("site-001").publish(traffic.agentHealth("site-001", 1, clock.millis())); // back at T0+80m
            clock.advance(Duration.ofMinutes(10));
            assertRates(hub, t0, t0 + 90 * MIN, 1.0, 0.15, 0.0, 0.0, 1.0, 1.0, 0.15, 0.0, 1.0);
        }
    }

    @Test
    void aSiteIsJudgedSilentAfterTheConfiguredSiteTimeout() throws Exception {
        long t0 = T0.toEpochMilli();
        try (TestHub hub = TestHub.start(dir, district, clock, c -> c.withSiteTimeout(Duration.ofSeconds(20)))) {
            SiteAgentClient agent = hub.agent("site-001");
            agent.publish(traffic.cameraHealth("site-001", 0, clock.millis())); // every camera online
            agent.publish(traffic.agentHealth("site-001", 1, clock.millis())); // last word at T0
            agent.close();
            awaitDisconnected(hub, "site-001");
            clock.advance(Duration.ofSeconds(19));
            assertThat(siteOnline(hub, "site-001")).as("within the configured 20 s").isTrue();
            clock.advance(Duration.ofSeconds(2));
            assertThat(siteOnline(hub, "site-001")).as("past the configured 20 s, long before the default 90 s").isFalse();
            clock.advance(Duration.ofSeconds(599));
            // silent from T0+20s: the first 10-minute bucket is online for 20 s of 600
            assertRates(hub, t0, t0 + 10 * MIN, 20.0 / 600);
        }
    }

    /** The site-001 history in 10-minute buckets. */
    private static void assertRates(TestHub hub, long from, long to, double... expected) throws Exception {
        TestHub.Api.Response r = hub.admin().get("/api/v1/online-rate/history?site=site-001&from=" + from + "&to=" + to + "&stepSeconds=600");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode b = r.json().get("buckets");
        assertThat(b.size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(b.get(i).get("rate").asDouble()).as("bucket %d of %s", i, b).isCloseTo(expected[i], within(1e-9));
            assertThat(b.get(i).get("avgTotal").asDouble()).as("every camera of the site counts, silent or not").isCloseTo(20, within(1e-9));
        }
    }

    private static boolean siteOnline(TestHub hub, String site) throws Exception {
        for (JsonNode s : hub.admin().get("/api/v1/sites").json()) {
            if (s.get("id").asText().equals(site)) {
                return s.get("online").asBoolean();
            }
        }
        throw new AssertionError(site + " is not in the site list");
    }

    /** Waits (generously) until the hub has seen the agent's connection go. */
    private static void awaitDisconnected(TestHub hub, String site) throws Exception {
        TestHub.Api admin = hub.admin();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode s : admin.get("/api/v1/sites").json()) {
                if (s.get("id").asText().equals(site) && !s.get("connected").asBoolean()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the hub still holds a connection of " + site);
    }
}
