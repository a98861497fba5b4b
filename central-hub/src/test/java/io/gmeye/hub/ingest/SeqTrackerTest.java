package io.gmeye.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {
    @Test
    void outOfOrderArrivalWithinTheGraceIsNoGap() {
        SeqTracker t = new SeqTracker(60_000);
        t.observe(1, 0);
        t.observe(3, 10);
        t.observe(2, 20_000);
        assertThat(t.sweep(200_000)).isEmpty();
        assertThat(t.highestContiguous()).isEqualTo(3);
    }

    @Test
    void reportsAHoleOnceAfterTheGraceAndMovesPastIt() {
        SeqTracker t = new SeqTracker(60_000);
        t.observe(10, 0);
        t.observe(15, 1_000);
        assertThat(t.sweep(30_000)).isEmpty();
        assertThat(t.sweep(62_000)).containsExactly(new SeqTracker.Gap(11, 14));
        assertThat(t.sweep(200_000)).isEmpty();
        assertThat(t.gapsReported()).isEqualTo(1);
        assertThat(t.missingReported()).isEqualTo(4);
        t.observe(16, 200_001);
        assertThat(t.highestContiguous()).isEqualTo(16);
    }

    @Test
    void replaysAndUnsequencedMessagesChangeNothing() {
        SeqTracker t = new SeqTracker(1_000);
        t.observe(5, 0);
        t.observe(5, 1);
        t.observe(4, 2);
        t.observe(0, 3);
        assertThat(t.sweep(10_000)).isEmpty();
        assertThat(t.highestContiguous()).isEqualTo(5);
    }
}
