package io.gmeye.agent.gb28181.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpReorderTest {
    @Test
    void packetsThatArriveOutOfOrderComeOutInSequence() {
        RtpReorder r = new RtpReorder(8);
        r.push(10, p(10));
        r.push(12, p(12));
        r.push(11, p(11));
        r.push(13, p(13));
        assertThat(drain(r)).containsExactly(10, 11, 12, 13);
        assertThat(r.lost()).isZero();
    }

    @Test
    void theFirstPacketArrivingAfterTheSecondIsNotLost() {
        RtpReorder r = new RtpReorder(64);
        r.push(101, p(101));
        assertThat(drain(r)).as("held until a few came").isEmpty();
        r.push(100, p(100));
        r.push(102, p(102));
        assertThat(drain(r)).containsExactly(100, 101, 102);
        assertThat(r.late()).isZero();
    }

    @Test
    void aStreamOfOnePacketStartsWhenTimeIsUp() {
        RtpReorder r = new RtpReorder(64);
        r.push(7, p(7));
        r.skipGap();
        assertThat(drain(r)).containsExactly(7);
    }

    @Test
    void aGapIsGivenUpOnceDepthPacketsWaitBehindIt() {
        RtpReorder r = new RtpReorder(3);
        r.push(1, p(1));
        r.skipGap(); // started
        assertThat(drain(r)).containsExactly(1);
        r.push(3, p(3));
        r.push(4, p(4));
        assertThat(drain(r)).isEmpty(); // 2 may still come
        r.push(5, p(5));
        assertThat(drain(r)).containsExactly(3, 4, 5);
        assertThat(r.lost()).isEqualTo(1);
    }

    @Test
    void aLatePacketAfterItsGapWasSkippedIsDropped() {
        RtpReorder r = new RtpReorder(4);
        r.push(1, p(1));
        r.skipGap(); // started
        assertThat(drain(r)).containsExactly(1);
        r.push(3, p(3));
        r.skipGap();
        assertThat(drain(r)).containsExactly(3);
        r.push(2, p(2));
        assertThat(drain(r)).isEmpty();
        assertThat(r.late()).isEqualTo(1);
    }

    @Test
    void sequenceNumbersWrapAround() {
        RtpReorder r = new RtpReorder(8);
        r.push(65534, p(65534));
        r.push(0, p(0));
        r.push(65535, p(65535));
        r.push(1, p(1));
        assertThat(drain(r)).containsExactly(65534, 65535, 0, 1);
    }

    @Test
    void aJumpFarAheadStartsOverFromTheNewNumber() {
        RtpReorder r = new RtpReorder(4);
        r.push(100, p(100));
        r.skipGap();
        drain(r);
        r.push(5000, p(5000));
        r.push(5001, p(5001));
        assertThat(drain(r)).containsExactly(5000, 5001);
    }

    private static byte[] p(int seq) {
        return new byte[] {(byte) (seq >> 8), (byte) seq};
    }

    private static List<Integer> drain(RtpReorder r) {
        List<Integer> out = new ArrayList<>();
        for (byte[] b = r.poll(); b != null; b = r.poll()) {
            out.add(((b[0] & 0xFF) << 8) | (b[1] & 0xFF));
        }
        return out;
    }
}
