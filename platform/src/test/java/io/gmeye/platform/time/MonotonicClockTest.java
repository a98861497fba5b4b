package io.gmeye.platform.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {
    @Test
    void startsAtWallTimeAndMovesOnlyWithElapsedTimeWhateverTheWallClockDoes() {
        ManualClock wall = new ManualClock(Instant.parse("2026-11-28T08:00:00Z"));
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        MonotonicClock steady = new MonotonicClock(wall, nanos::get);
        assertThat(steady.instant()).isEqualTo(wall.instant());
        wall.advance(Duration.ofHours(1)); // NTP steps the wall clock
        nanos.addAndGet(2_000_000_000L);   // two seconds really pass
        assertThat(steady.millis() - Instant.parse("2026-11-28T08:00:00Z").toEpochMilli()).isEqualTo(2_000);
        wall.advance(Duration.ofHours(-2));
        assertThat(steady.millis() - Instant.parse("2026-11-28T08:00:00Z").toEpochMilli()).isEqualTo(2_000);
    }
}
