package io.gmeye.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.views.TestHub;
import io.gmeye.hub.views.TwoNodes;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub nodes in one JVM on a real Kafka broker (its own JVM) and real Hazelcast routing, time
 * moving on a clock both share: a session's use on the node that does not lead reaches the
 * leader through the log and keeps the session alive there; an idle session is refused at once
 * by every node, and forgotten on every node only when the leader's decision comes through the
 * log, never by a node deciding from its own clock. Sessions idle out after 30 minutes here
 * (TestHub), a use is written at most every minute.
 */
class SessionExpiryAcrossNodesIT {
    private static final String ME = "/api/v1/auth/me";
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T09:00:00Z"));

    @Test
    void aUseOnTheOtherNodeKeepsASessionAndOnlyTheLeadersDecisionForgetsAnIdleOneOnEveryNode() throws Exception {
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 1);
        try (TwoNodes nodes = TwoNodes.start(dir, district, clock, "sessions-test", c -> c)) {
            TestHub leader = nodes.leader();
            TestHub other = nodes.other();
            Sessions leading = leader.hub().sessions();
            Sessions following = other.hub().sessions();

            TestHub.Api onLeader = leader.admin();
            String token = onLeader.token();
            TestHub.Api onOther = new TestHub.Api(other.base(), token);
            await().atMost(Duration.ofSeconds(20)).until(() -> following.held(token).isPresent());
            assertThat(onOther.get(ME).status()).as("a session made on the leader works on the other node").isEqualTo(200);

            clock.advance(Duration.ofMinutes(20));
            assertThat(onOther.get(ME).status()).isEqualTo(200);
            long usedAt = clock.millis();
            await("the use on the other node, in the leader's memory through the log").atMost(Duration.ofSeconds(20))
                    .until(() -> leading.held(token).map(Sessions.Session::lastUsed).orElse(0L) == usedAt);

            // 35 minutes after the login, 15 after the use on the other node: not idle, so the leader forgets nothing
            clock.advance(Duration.ofMinutes(15));
            leading.sweep().join();
            assertThat(leading.held(token)).as("kept by the leader").isPresent();
            assertThat(following.held(token)).as("kept by the other node").isPresent();

            // 45 minutes after its last use: refused at once on both nodes, from their own clocks
            clock.advance(Duration.ofMinutes(30));
            assertThat(onOther.get(ME).status()).isEqualTo(401);
            assertThat(onLeader.get(ME).status()).isEqualTo(401);
            following.sweep().join();
            assertThat(following.held(token)).as("the node that does not lead decides no expiry").isPresent();
            assertThat(leading.held(token)).isPresent();

            leading.sweep().join();
            assertThat(leading.held(token)).as("forgotten by the leader's decision").isEmpty();
            await("the decision, applied from the log on the other node").atMost(Duration.ofSeconds(20))
                    .until(() -> following.held(token).isEmpty());
        }
    }
}
