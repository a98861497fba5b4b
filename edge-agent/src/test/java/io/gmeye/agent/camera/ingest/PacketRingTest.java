package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.util.concurrent.CompletableFuture;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The packets kept for decoding on demand, with real FFmpeg packets (references, no copies). */
class PacketRingTest {
    private final PacketRing ring = new PacketRing(10_000);
    private AVCodecParameters params;
    private long number;

    @BeforeEach
    void connect() {
        params = avcodec_parameters_alloc();
        params.codec_type(AVMEDIA_TYPE_VIDEO);
        params.codec_id(AV_CODEC_ID_H264);
        ring.connected(params, 1_000);
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

    private long add(int size, boolean key, long at) {
        AVPacket p = av_packet_alloc();
        av_new_packet(p, size);
        try {
            ring.add(p, ++number, at, key, size);
        } finally {
            av_packet_free(p);
        }
        return number;
    }
}
