package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.gmeye.agent.camera.clip.Probe;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remux of kept packets against what cameras' streams do to their timestamps, judged by
 * ffprobe and ffmpeg: the packets of an encoder's MP4 with B-frames (the counted test pattern,
 * re-encoded), given the gaps FFmpeg leaves at an RTSP connection's start and a camera clock
 * that restarts mid-stream.
 */
class Mp4RemuxTest {
    private static final int W = 320;
    private static final int H = 240;

    @Test
    void aStreamWithBFramesKeepsTheCamerasDisplayOrderThroughTimestampsMissingAtTheStartAndAClockThatRestarts(@TempDir Path dir)
            throws Exception {
        Clip clip = Clips.inTempDir().counted("h264", W, H, 10, 10, 0, 60);
        Path source = dir.resolve("source.mp4");
        Process encode = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-y", "-i", clip.file().toString(), "-t", "8", "-c:v", "libx264",
                "-preset", "veryfast", "-profile:v", "high", "-bf", "2", "-b_strategy", "0", "-g", "20", "-keyint_min", "20", "-sc_threshold", "0",
                source.toString()).redirectErrorStream(true).start();
        String said = new String(encode.getInputStream().readAllBytes());
        assertThat(encode.waitFor()).as(said).isZero();

        AVFormatContext in = new AVFormatContext(null);
        assertThat(avformat_open_input(in, source.toString(), (AVInputFormat) null, (AVDictionary) null)).isZero();
        List<PacketRing.Held> packets = new ArrayList<>();
        Path out = dir.resolve("out.mp4");
        try {
            assertThat(avformat_find_stream_info(in, (AVDictionary) null)).isGreaterThanOrEqualTo(0);
            AVPacket p = av_packet_alloc();
            while (av_read_frame(in, p) >= 0) {
                boolean key = (p.flags() & AV_PKT_FLAG_KEY) != 0;
                packets.add(new PacketRing.Held(p, packets.size() + 1, 1_000 + 100L * packets.size(), key));
                p = av_packet_alloc();
            }
            av_packet_free(p);
            // as FFmpeg gives an RTSP connection's first packets: the keyframe without a PTS, the next two without a DTS
            packets.get(0).packet().pts(AV_NOPTS_VALUE);
            packets.get(1).packet().dts(AV_NOPTS_VALUE);
            packets.get(2).packet().dts(AV_NOPTS_VALUE);
            // the camera restarts its clock at the third keyframe: from there its timestamps start again near zero
            int restart = (int) packets.stream().filter(PacketRing.Held::key).skip(2).findFirst().orElseThrow().number() - 1;
            long back = packets.get(restart).packet().dts() - 7;
            for (PacketRing.Held h : packets.subList(restart, packets.size())) {
                h.packet().dts(h.packet().dts() - back);
                h.packet().pts(h.packet().pts() - back);
            }
            try (Mp4Remux mux = Mp4Remux.create(out, in.streams(0).codecpar(), in.streams(0).time_base())) {
                mux.write(packets.subList(0, 10)); // pre-roll, then what arrives after it, as a clip is written
                mux.write(packets.subList(10, packets.size()));
                mux.finish();
            }
        } finally {
            packets.forEach(h -> av_packet_free(h.packet()));
            avformat_close_input(in);
        }

        assertThat(Probe.firstFrame(out)).isEqualTo("1,I");
        assertThat(Probe.duration(out)).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.5));
        List<Integer> counters = Probe.counters(out, W, H);
        assertThat(counters).hasSize(packets.size());
        assertThat(Probe.shownTimes(out)).as("presentation times in display order").hasSize(packets.size())
                .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        for (int i = 1; i < counters.size(); i++) {
            assertThat(counters.get(i)).as("frame after " + counters.get(i - 1) + " in display order").isEqualTo(counters.get(i - 1) + 1);
        }
    }
}
