package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_CUSTOM_IO;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import io.gmeye.agent.gb28181.GbConfig;
import io.gmeye.agent.gb28181.GbFeature;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.gb28181.AccessUnits;
import io.gmeye.rigs.gb28181.DeviceSpec;
import io.gmeye.rigs.gb28181.GbSimulator;
import io.gmeye.rigs.gb28181.SimDevice;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FFmpeg's mpeg demuxer reading a GB/T 28181 channel's PS through the custom I/O context: the
 * stream map the device writes tells H.264 from H.265, and the sizes come out right.
 */
class CustomInputIT {
    private static GbFeature platform;
    private static GbSimulator sim;

    @BeforeAll
    static void start() throws Exception {
        FfmpegRuntime.init();
        int port = GbSimulator.freeUdpAndTcpPort("127.0.0.1");
        GbConfig config = new GbConfig(true, "44031100002000000001", null, "127.0.0.1", null, port, "secret", List.of(),
                Duration.ofSeconds(5), 3, null, Duration.ofSeconds(3), new GbConfig.Media("udp", null, 0, 0, Duration.ofSeconds(2), null, 0),
                null, null);
        platform = new GbFeature(config, Files.createTempDirectory("gb-custom-input"), Clock.systemUTC(), Metrics.NOOP);
        platform.start();
        Clips clips = Clips.inTempDir();
        sim = GbSimulator.start("127.0.0.1", new GbSimulator.Platform(config.id(), config.domain(), "127.0.0.1", port),
                AccessUnits.of(clips.pattern(320, 240, 10, 10, 4)), AccessUnits.of(clips.patternHevc(352, 288, 10, 10, 4)));
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void h264AndH265ChannelsAreDemuxedWithTheirCodecAndSize() throws Exception {
        SimDevice h264 = sim.add(DeviceSpec.ipc(1, "secret", false));
        SimDevice h265 = sim.add(DeviceSpec.ipc(2, "secret", false).withHevc(true));
        assertThat(probe(h264)).isEqualTo("h264 320x240");
        assertThat(probe(h265)).isEqualTo("hevc 352x288");
    }

    @Test
    void aStreamThatStopsMidwayFailsWithTheReceiveTimeout() throws Exception {
        SimDevice ipc = sim.add(DeviceSpec.ipc(3, "secret", false));
        String channel = ipc.spec().channels().get(0).id();
        await().atMost(Duration.ofSeconds(15)).until(() -> platform.availability(channel).available());
        StreamWatch watch = new StreamWatch(Clock.systemUTC(), 10_000, 10_000);
        try (CustomInput in = new CustomInput(platform.open(channel), watch, Clock.systemUTC(), platform.noDataTimeoutMs())) {
            byte[] buf = new byte[4096];
            await().atMost(Duration.ofSeconds(5)).until(() -> ipc.framesSent(channel) > 0);
            ipc.stopStreams();
            org.bytedeco.javacpp.BytePointer p = new org.bytedeco.javacpp.BytePointer(4096);
            Read reader = new Read(in);
            long began = System.nanoTime();
            while (reader.next(p) > 0 && System.nanoTime() - began < 10_000_000_000L) {
                // drain what was sent before the stop
            }
            assertThat(in.failure()).isNotNull();
            assertThat(in.failure().reason()).startsWith("收流超时 stream receive timeout: no RTP for 2 s from channel " + channel);
        } finally {
            watch.close();
        }
    }

    /** Calls the read callback the way FFmpeg does. */
    private record Read(CustomInput in) {
        int next(org.bytedeco.javacpp.BytePointer p) {
            return in.context().read_packet().call(in.context().opaque(), p, 4096);
        }
    }

    private static String probe(SimDevice d) throws Exception {
        String channel = d.spec().channels().get(0).id();
        await().atMost(Duration.ofSeconds(15)).until(() -> platform.availability(channel).available());
        StreamWatch watch = new StreamWatch(Clock.systemUTC(), 10_000, 10_000);
        AVFormatContext format = avformat_alloc_context();
        try (CustomInput in = new CustomInput(platform.open(channel), watch, Clock.systemUTC(), 5_000)) {
            format.pb(in.context());
            format.flags(format.flags() | AVFMT_FLAG_CUSTOM_IO);
            watch.attach(format.interrupt_callback());
            watch.opening();
            assertThat(avformat_open_input(format, "gb28181:" + channel, av_find_input_format("mpeg"), (AVDictionary) null)).isZero();
            watch.connected();
            assertThat(avformat_find_stream_info(format, (AVDictionary) null)).isGreaterThanOrEqualTo(0);
            int video = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            assertThat(video).isGreaterThanOrEqualTo(0);
            var par = format.streams(video).codecpar();
            return avcodec_get_name(par.codec_id()).getString() + " " + par.width() + "x" + par.height();
        } finally {
            avformat_close_input(format);
            watch.close();
        }
    }
}
