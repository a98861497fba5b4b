package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import java.util.concurrent.CompletableFuture;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packets kept for decoding on demand, with real FFmpeg packets (references, no copies). */
class PacketRingTest {
    private final PacketRing ring = new PacketRing(10_000, 0);
    private AVCodecParameters params;
    private long number;

    @BeforeEach
    void connect() {
        params = avcodec_parameters_alloc();
        params.codec_type(AVMEDIA_TYPE_VIDEO);
        params.codec_id(AV_CODEC_ID_H264);
        ring.connected(params, av_make_q(1, 90_000), 1_000);
    }

    @AfterEach
    void free() {
        ring.close();
        avcodec_parameters_free(params);
    }

    @Test
    void keepsTheNewestKeyframeAndWhatFollowsItAndNothingBeforeTheFirstKeyframe() {
        add(100, false, 1_000);
        assertThat(ring.newestKeyframe()).isZero();
        assertThat(ring.take(false)).isEmpty();

        long key = add(1_000, true, 1_100);
        add(100, false, 1_200);
        add(100, false, 1_300);
        assertThat(ring.newestKeyframe()).isEqualTo(key);
        try (PacketRing.Run run = ring.take(false).orElseThrow()) {
            assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(key, key + 1, key + 2);
            assertThat(run.arrivalOf(key + 1)).isEqualTo(1_200);
        }
        try (PacketRing.Run run = ring.take(true).orElseThrow()) {
            assertThat(run.packets()).singleElement().satisfies(h -> assertThat(h.key()).isTrue());
        }

        long next = add(1_000, true, 2_100);
        assertThat(ring.newestKeyframe()).isEqualTo(next);
        assertThat(ring.bytes()).isEqualTo(1_000);
    }

    @Test
    void aGroupOfPicturesOverTheBoundStopsBeingKeptUntilTheNextKeyframe() {
        long key = add(6_000, true, 1_000);
        add(3_000, false, 1_100);
        add(3_000, false, 1_200); // over 10,000 bytes: not kept, nor anything after it
        add(100, false, 1_300);
        try (PacketRing.Run run = ring.take(false).orElseThrow()) {
            assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(key, key + 1);
        }
        long next = add(6_000, true, 2_000);
        add(100, false, 2_100);
        try (PacketRing.Run run = ring.take(false).orElseThrow()) {
            assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(next, next + 1);
        }
        assertThat(ring.arrivalOf(key + 2)).isEqualTo(1_200); // arrivals are known beyond what is kept
    }

    @Test
    void aWaiterForAPacketAfterAMomentIsToldWhenOneArrivesAndNothingSurvivesADisconnect() {
        add(1_000, true, 1_100);
        assertThat(ring.packetAfter(1_100)).isDone();
        CompletableFuture<Void> later = ring.packetAfter(1_500);
        add(100, false, 1_400);
        assertThat(later).isNotDone();
        add(100, false, 1_500);
        assertThat(later).isDone();

        ring.disconnected();
        assertThat(ring.take(true)).isEmpty();
        assertThat(ring.packetAfter(0)).isNotDone();
    }

    @Test
    void withAKeepTimeWholeGroupsOfPicturesCoverTheLastSecondsAndTheNewestDecodesAsBefore() {
        try (PacketRing timed = timedRing(100_000, 3_000)) {
            long k1 = add(timed, 1_000, true, 1_000);
            add(timed, 100, false, 1_500);
            long k2 = add(timed, 1_000, true, 2_000);
            add(timed, 100, false, 2_500);
            long k3 = add(timed, 1_000, true, 3_000);
            long k4 = add(timed, 1_000, true, 4_000);
            // keeps from the newest keyframe at or before 4,000 - 3,000: k1 still covers the last three seconds
            assertThat(timed.oldestAt()).isEqualTo(1_000);
            long k5 = add(timed, 1_000, true, 5_100);
            assertThat(timed.oldestAt()).as("k1's group dropped whole once k2 covers the keep time").isEqualTo(2_000);
            assertThat(timed.newestKeyframe()).isEqualTo(k5);
            try (PacketRing.Run run = timed.take(false).orElseThrow()) {
                assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(k5);
            }
            assertThat(k1).isLessThan(k2);
            assertThat(k3).isLessThan(k4);
        }
    }

    @Test
    void overTheByteBoundTheOldestGroupsGoFirstAndANewestGroupThatAloneOutgrowsItIsCutAndNotJoinedToTheNext() {
        try (PacketRing timed = timedRing(5_000, 60_000)) {
            add(timed, 2_000, true, 1_000);
            long k2 = add(timed, 2_000, true, 2_000);
            add(timed, 500, false, 2_100);
            add(timed, 2_000, true, 3_000); // 6,500 bytes with it: the oldest group goes
            assertThat(timed.oldestAt()).isEqualTo(2_000);
            assertThat(timed.bytes()).isEqualTo(4_500);
            add(timed, 600, false, 3_100); // room made by dropping k2's group
            assertThat(timed.oldestAt()).isEqualTo(3_000);
            add(timed, 3_000, false, 3_200); // the newest group alone would outgrow the bound: cut here
            long after = add(timed, 100, false, 3_300);
            try (PacketRing.Run run = timed.after(after - 3, Long.MAX_VALUE).orElseThrow()) {
                assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(after - 2); // the 600
            }
            long k4 = add(timed, 1_000, true, 4_000);
            assertThat(timed.oldestAt()).as("the cut group is not kept before the next keyframe").isEqualTo(4_000);
            assertThat(k2).isLessThan(k4);
        }
    }

    @Test
    void aSpanStartsAtTheKeyframeNearestItsStartAndEndsWithTheLastPacketByItsEnd() {
        try (PacketRing timed = timedRing(100_000, 60_000)) {
            long k1 = add(timed, 1_000, true, 1_000);
            add(timed, 100, false, 1_500);
            long k2 = add(timed, 1_000, true, 2_000);
            long p = add(timed, 100, false, 2_500);
            add(timed, 100, false, 2_600);
            try (PacketRing.Run run = timed.span(1_900, 2_550).orElseThrow()) {
                assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(k2, p);
            }
            try (PacketRing.Run run = timed.span(1_400, 2_550).orElseThrow()) {
                assertThat(run.packets().get(0).number()).isEqualTo(k1);
            }
            assertThat(timed.span(0, 900)).as("nothing kept that early").isEmpty();
            long connection;
            try (PacketRing.Run run = timed.after(p, Long.MAX_VALUE).orElseThrow()) {
                assertThat(run.packets()).extracting(PacketRing.Held::number).containsExactly(p + 1);
                connection = run.connection();
            }
            timed.connected(params, av_make_q(1, 90_000), 3_000);
            try (PacketRing.Run run = timed.after(p, Long.MAX_VALUE).orElseThrow()) {
                assertThat(run.connection()).as("a reconnect is told apart").isNotEqualTo(connection);
            }
        }
    }

    private PacketRing timedRing(long bytes, long keepMillis) {
        PacketRing r = new PacketRing(bytes, keepMillis);
        r.connected(params, av_make_q(1, 90_000), 1_000);
        return r;
    }

    private long add(int size, boolean key, long at) {
        return add(ring, size, key, at);
    }

    private long add(PacketRing target, int size, boolean key, long at) {
        AVPacket p = av_packet_alloc();
        av_new_packet(p, size);
        try {
            target.add(p, ++number, at, key, size);
        } finally {
            av_packet_free(p);
        }
        return number;
    }
}
