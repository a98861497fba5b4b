package io.gmeye.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void growsExponentiallyWithJitterBetweenTheMinimumAndTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long d = b.nextDelayMs();
            assertThat(d).isBetween(500L, 30_000L);
            seen.add(d);
        }
        assertThat(seen.size()).as("jittered, so agents that lost the hub together do not return together").isGreaterThan(50);
        b.reset();
        assertThat(b.nextDelayMs()).isBetween(500L, 1000L);
    }
}
