package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Rates as the health reporter reads them once a second. */
class StreamMeterTest {
    private static final long WINDOW = 5_000;
    private final StreamMeter meter = new StreamMeter();
    private long now = 1_000_000;

    @Test
    void aKeyframeEveryTenSecondsReadsAsOneTenthNotAsZeroAndTwoTenthsByTurns() {
        StreamMeter.Rates r = null;
        for (int s = 0; s < 90; s++) {
            for (int f = 0; f < 10; f++) {
                meter.packet(now + f * 100, 1_000, false);
            }
            if (s % 10 == 0) {
                meter.decoded(now);
            }
            now += 1_000;
            r = meter.rates(now, WINDOW);
            if (s >= 40) {
                assertThat(r.fpsDecoded()).as("second %d", s).isCloseTo(0.1, within(0.04));
                assertThat(r.fpsIn()).isCloseTo(10, within(0.5));
                assertThat(r.kbps()).isCloseTo(80, within(5L));
            }
        }
    }

    @Test
    void ratesThatStopReadZeroWithinTheWindow() {
        for (int s = 0; s < 20; s++) {
            for (int f = 0; f < 10; f++) {
                meter.packet(now + f * 100, 1_000, false);
                meter.decoded(now + f * 100);
            }
            now += 1_000;
            meter.rates(now, WINDOW);
        }
        StreamMeter.Rates r = null;
        for (int s = 0; s < 7; s++) { // nothing comes any more
            now += 1_000;
            r = meter.rates(now, WINDOW);
        }
        assertThat(r.fpsIn()).isZero();
        assertThat(r.fpsDecoded()).isZero();
        assertThat(r.kbps()).isZero();
    }

    @Test
    void picturesLostOnTheWireAreCountedAsAShareOfTheLastMinuteAndForgottenAfterIt() {
        StreamMeter.Rates r = null;
        for (int s = 0; s < 30; s++) { // a camera that loses one picture in ten
            for (int f = 0; f < 9; f++) {
                meter.packet(now + f * 100, 1_000, false);
            }
            meter.lost(1);
            now += 1_000;
            r = meter.rates(now, WINDOW);
        }
        assertThat(r.lostLastMinute()).isEqualTo(29); // the first second's loss came before the first sample
        assertThat(r.lostShare()).isCloseTo(0.1, within(0.001));
        for (int s = 0; s < 61; s++) { // whole again for a minute
            for (int f = 0; f < 10; f++) {
                meter.packet(now + f * 100, 1_000, false);
            }
            now += 1_000;
            r = meter.rates(now, WINDOW);
        }
        assertThat(r.lostLastMinute()).isZero();
        assertThat(r.lostShare()).isZero();
        assertThat(meter.lostCount()).isEqualTo(30);
    }
}
