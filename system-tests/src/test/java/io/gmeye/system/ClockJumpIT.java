package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.estate.SiteState;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.rigs.net.FaultProxy;
import io.gmeye.rigs.time.JumpingClock;
import io.gmeye.rigs.wire.Samples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's wall clock jumps an hour forward and back (NTP steps, an operator's mistake): the
 * hub judges online state and last-seen times on its own clock, heartbeats keep coming (with a
 * sane uptime), the outbox's oldest-age never goes negative or an hour too large, and the hub
 * reports how far ahead the agent's clock runs, since its event times are off by as much.
 */
class ClockJumpIT {
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    @Test
    void onlineStateAgesAndHeartbeatsStayRightWhileTheAgentsClockJumpsAnHour() throws Exception {
        Hub hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("site-c", null, "c-secret", null, null))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        JumpingClock clock = new JumpingClock();
        try (FaultProxy proxy = new FaultProxy(hub.mqttPort());
             Agent agent = Agent.start(new AgentConfig("site-c", dir.resolve("agent").toString(), new UplinkConfig("tcp://127.0.0.1:" + proxy.port(),
                     null, "c-secret", null, null, null, null, null, Duration.ofMillis(200), Duration.ofMillis(500), null, Duration.ofSeconds(2),
                     Duration.ofSeconds(2)), null, new AgentConfig.HealthSection(Duration.ofMillis(300))), clock)) {
            awaitFreshHeartbeat(hub);

            clock.jumpTo(Duration.ofHours(1));
            awaitFreshHeartbeat(hub);
            assertJudgedOnTheHubsClock(hub);
            assertThat(site(hub).health().uptimeMs()).as("uptime follows elapsed time, not the wall clock").isLessThan(60_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.estate().clockAheadMs("site-c") > HOUR - 60_000);
            Envelope<?> event = Samples.envelope("site-c", MessageType.INSPECTION_EVENT, 1);
            Envelope<?> stamped = Envelope.create("site-c", "cam-1", clock.millis(), event.body());
            agent.outbox().append(stamped).get(5, TimeUnit.SECONDS);

            clock.jumpTo(Duration.ofHours(-1)); // two hours back in one step: the heartbeat must survive it
            awaitFreshHeartbeat(hub);
            assertJudgedOnTheHubsClock(hub);
            assertThat(site(hub).health().uptimeMs()).isBetween(0L, 60_000L);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.estate().clockAheadMs("site-c") == 0);
            assertThat(hub.store().get(Space.MESSAGES, Keys.bytes(stamped.id()))).as("the event is kept with its source time").isNotNull();

            proxy.drop(); // records pile up, then the clock jumps under them
            await().atMost(Duration.ofSeconds(10)).until(() -> !agent.uplink().connected());
            await().atMost(Duration.ofSeconds(5)).until(() -> agent.outbox().stats().depth() > 3);
            clock.jumpTo(Duration.ofHours(1));
            Thread.sleep(400);
            assertThat(agent.outbox().stats().oldestAgeMs()).as("oldest age after +2h").isBetween(0L, 60_000L);
            clock.jumpTo(Duration.ofHours(-1));
            Thread.sleep(400);
            assertThat(agent.outbox().stats().oldestAgeMs()).as("oldest age after -2h").isBetween(1L, 60_000L);
            assertThat(hub.estate().siteAlive("site-c", hub.estate().overview().at())).as("recently seen on the hub's clock").isTrue();

            proxy.pass();
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.uplink().connected() && agent.outbox().depth() == 0);
            awaitFreshHeartbeat(hub);
            assertJudgedOnTheHubsClock(hub);
        } finally {
            hub.close();
        }
    }

    private static SiteState site(Hub hub) {
        return hub.estate().sites().stream().filter(s -> s.id().equals("site-c")).findFirst().orElseThrow();
    }

    private static void awaitFreshHeartbeat(Hub hub) {
        long after = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> site(hub).healthAt() > after);
    }

    /** Last-seen and heartbeat times are the hub's, seconds old, whatever the agent's clock says. */
    private static void assertJudgedOnTheHubsClock(Hub hub) {
        long now = System.currentTimeMillis();
        SiteState s = site(hub);
        assertThat(now - s.lastSeen()).isBetween(0L, 5_000L);
        assertThat(now - s.healthAt()).isBetween(0L, 5_000L);
        assertThat(hub.estate().siteAlive("site-c", now)).isTrue();
        assertThat(hub.estate().overview().sites().online()).isEqualTo(1);
    }
}
