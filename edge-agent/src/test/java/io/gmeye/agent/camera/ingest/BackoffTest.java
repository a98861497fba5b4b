package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheMinimumUpToTheMaximumWithinTheJitter() {
        Backoff b = new Backoff(1_000, 8_000, 0.25, 0, new SplittableRandom(1));
        long[] expected = {1_000, 2_000, 4_000, 8_000, 8_000};
        for (long base : expected) {
            assertThat(b.nextDelay(0, 100_000)).isBetween(Math.round(base * 0.75), Math.round(base * 1.25));
        }
    }

    @Test
    void startsAgainFromTheMinimumAfterAConnectionDeliveredFrames() {
        Backoff b = new Backoff(1_000, 8_000, 0.25, 0, new SplittableRandom(2));
        for (int i = 0; i < 5; i++) {
            b.nextDelay(0, 100_000);
        }
        b.reset();
        assertThat(b.nextDelay(0, 100_000)).isBetween(750L, 1_250L);
    }

    @Test
    void neverTriesAgainSoonerThanTheMinimumIntervalAfterTheLastAttempt() {
        Backoff b = new Backoff(100, 100, 0.0, 2_000, new SplittableRandom(3));
        // the last attempt began at t=10 000 and failed at once (refused): wait out the interval
        assertThat(b.nextDelay(10_000, 10_050)).isEqualTo(1_950);
        // a connection that lasted long may retry after the plain backoff
        assertThat(b.nextDelay(10_000, 60_000)).isEqualTo(100);
    }

    @Test
    void spreadsTheCamerasOfASiteApart() {
        Backoff a = new Backoff(1_000, 8_000, 0.25, 0, new SplittableRandom(4));
        Backoff c = new Backoff(1_000, 8_000, 0.25, 0, new SplittableRandom(5));
        assertThat(a.nextDelay(0, 100_000)).isNotEqualTo(c.nextDelay(0, 100_000));
    }
}
