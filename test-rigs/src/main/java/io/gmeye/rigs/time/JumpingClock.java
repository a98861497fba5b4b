package io.gmeye.rigs.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock plus an offset that a test can step, as NTP or an operator steps a box's clock. */
public final class JumpingClock extends Clock {
    private volatile long offsetMs;

    /** Sets the clock to real time plus {@code offset}. */
    public void jumpTo(Duration offset) {
        offsetMs = offset.toMillis();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
