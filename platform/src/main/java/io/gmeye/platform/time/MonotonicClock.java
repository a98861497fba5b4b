package io.gmeye.platform.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * Wall time read once, then advanced by elapsed time only: a clock that NTP steps and manual
 * changes cannot move. For durations and ages inside one process (outbox record ages, uptime),
 * where a jump of the wall clock must not make an age negative or an hour too large. Event
 * times that leave the box keep the wall clock.
 */
public final class MonotonicClock extends Clock {
    private final long baseMillis;
    private final long baseNanos;
    private final LongSupplier nanos;

    public MonotonicClock(Clock wall, LongSupplier nanos) {
        this.baseMillis = wall.millis();
        this.nanos = nanos;
        this.baseNanos = nanos.getAsLong();
    }

    public static MonotonicClock startingAt(Clock wall) {
        return new MonotonicClock(wall, System::nanoTime);
    }

    @Override
    public long millis() {
        return baseMillis + (nanos.getAsLong() - baseNanos) / 1_000_000;
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
