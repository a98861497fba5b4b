package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One open connection to a camera and its decoder, driven through JavaCV's FFmpeg presets. Every
 * native handle is made, used and freed by the one grabbing thread that owns this object.
 *
 * <p>Not FFmpegFrameGrabber, for four reasons the edge needs: its start() holds a JVM-wide lock
 * across the network handshake (one dead camera stalls every other camera's start; the lock is
 * only there for encoders that are unsafe to open concurrently, so here only the decoder open is
 * serialized); it has no interrupt callback, so a camera that keeps the session up but sends
 * nothing blocks a read forever; it hides the packets, so fps in and bitrate could not be
 * measured; and it converts every frame to BGR, where the agent converts only the frames someone
 * samples.
 */
final class FfmpegStream implements AutoCloseable {
    /** Opening decoders concurrently is unsafe for some codecs (JavaCV #1139); it is quick, so a lock costs nothing. */
    private static final Object DECODER_OPEN = new Object();

    private AVFormatContext format;
    private CustomInput custom;
    private AVCodecContext decoder;
    private final AVPacket packet;
    private final AVFrame frame;
    private final boolean keyframesOnly;
    private int videoIndex = -1;
    private boolean decodeAll;
    private boolean waitingForKey;
    private StreamInfo info;

    /** What a connected stream tells about itself. */
    record StreamInfo(String codec, int width, int height, double nominalFps) {
    }

    /** Receives decoded frames; the frame is only valid during the call. */
    interface FrameSink {
        void frame(AVFrame frame);
    }

    /** Receives each video packet: its size, whether it is a keyframe and whether it arrived damaged. */
    interface PacketSink {
        void packet(int bytes, boolean key, boolean corrupt);
    }

    private FfmpegStream(boolean keyframesOnly) {
        this.keyframesOnly = keyframesOnly;
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    /**
     * Connects, reads the stream's parameters and opens its decoder. Blocks for at most the
     * watch's connect timeout. On failure everything opened so far is freed.
     */
    static FfmpegStream open(StreamTarget target, StreamWatch watch) throws StreamFailure {
        return open(target, watch, java.time.Clock.systemUTC());
    }

    /** @param clock for a handed stream's no-data timeout */
    static FfmpegStream open(StreamTarget target, StreamWatch watch, java.time.Clock clock) throws StreamFailure {
        FfmpegRuntime.init();
        FfmpegStream s = new FfmpegStream(target.keyframesOnly());
        try {
            s.connect(target, watch, clock);
            return s;
        } catch (StreamFailure | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void connect(StreamTarget target, StreamWatch watch, java.time.Clock clock) throws StreamFailure {
        watch.opening();
        format = avformat_alloc_context();
        watch.attach(format.interrupt_callback());
        AVInputFormat demuxer = null;
        if (target.source() != null) {
            // a stream handed to the agent (GB/T 28181: PS over RTP it receives itself): FFmpeg demuxes, it does not connect
            StreamSource.Input input;
            try {
                input = target.source().open(target.camera());
            } catch (StreamSource.Unavailable e) {
                throw new StreamFailure(io.gmeye.protocols.camera.CameraState.OFFLINE, e.getMessage());
            }
            custom = new CustomInput(input, watch, clock, target.source().noDataTimeoutMs());
            format.pb(custom.context());
            format.flags(format.flags() | AVFormatContext.AVFMT_FLAG_CUSTOM_IO);
            demuxer = av_find_input_format(input.format());
        }
        AVDictionary options = new AVDictionary(null);
        try {
            for (var option : target.formatOptions().entrySet()) {
                av_dict_set(options, option.getKey(), option.getValue(), 0);
            }
            long began = System.nanoTime();
            int ret = avformat_open_input(format, target.url(), demuxer, options);
            if (ret < 0) {
                format = null; // FFmpeg freed it
                if (custom != null && custom.failure() != null) {
                    throw custom.failure();
                }
                long tookMs = (System.nanoTime() - began) / 1_000_000;
                if (watch.tripped() == StreamWatch.Trip.NONE && tookMs >= target.ioTimeoutMs() * 9 / 10) {
                    // the socket timeout fired first; FFmpeg then reports "invalid data" or "I/O error"
                    throw FailureText.noAnswer(target, tookMs);
                }
                throw FailureText.classify(ret, watch, target, "connect");
            }
        } finally {
            av_dict_free(options);
        }
        int ret = avformat_find_stream_info(format, (AVDictionary) null);
        if (ret < 0) {
            throw handedFailure().orElse(FailureText.classify(ret, watch, target, "read the stream's parameters"));
        }
        videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (videoIndex < 0) {
            throw new StreamFailure(io.gmeye.protocols.camera.CameraState.OFFLINE, "the stream at " + target.safeUrl() + " has no video");
        }
        AVStream stream = format.streams(videoIndex);
        AVCodecParameters par = stream.codecpar();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        String codecName = avcodec_get_name(par.codec_id()).getString();
        if (codec == null) {
            throw new StreamFailure(io.gmeye.protocols.camera.CameraState.OFFLINE, "no decoder for " + codecName + " from " + target.safeUrl());
        }
        decoder = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(decoder, par);
        decoder.thread_count(target.decodeThreads());
        decoder.skip_frame(keyframesOnly ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT);
        synchronized (DECODER_OPEN) {
            ret = avcodec_open2(decoder, codec, (AVDictionary) null);
        }
        if (ret < 0) {
            throw FailureText.classify(ret, null, target, "open the " + codecName + " decoder");
        }
        double fps = av_q2d(stream.avg_frame_rate());
        if (!(fps > 0 && fps < 1000)) {
            fps = av_q2d(stream.r_frame_rate());
        }
        info = new StreamInfo(codecName, par.width(), par.height(), fps > 0 && fps < 1000 ? fps : 0);
        decodeAll = !keyframesOnly;
        watch.connected();
    }

    StreamInfo info() {
        return info;
    }

    /**
     * In keyframes mode, decode every frame while someone watches live. The switch waits for the
     * next keyframe: frames between keyframes cannot be decoded without the ones skipped before.
     */
    void decodeAll(boolean all) {
        if (!keyframesOnly || all == decodeAll) {
            return;
        }
        decodeAll = all;
        waitingForKey = all;
        decoder.skip_frame(all ? AVDISCARD_DEFAULT : AVDISCARD_NONKEY);
    }

    /**
     * Reads one packet and decodes it if it is video and wanted. Non-key packets are dropped
     * before the decoder in keyframes mode, so they cost no decoding at all.
     *
     * @return false for a packet of another stream (audio, data)
     */
    boolean readOne(PacketSink packets, FrameSink frames, StreamTarget target, StreamWatch watch) throws StreamFailure {
        int ret = av_read_frame(format, packet);
        if (ret < 0) {
            throw handedFailure().orElse(FailureText.classify(ret, watch, target, "read"));
        }
        if (watch.tripped() != StreamWatch.Trip.NONE) {
            av_packet_unref(packet);
            throw FailureText.classify(AVERROR_EXIT, watch, target, "read");
        }
        try {
            if (packet.stream_index() != videoIndex) {
                return false;
            }
            boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
            packets.packet(packet.size(), key, (packet.flags() & AV_PKT_FLAG_CORRUPT) != 0);
            if (!key && (!decodeAll || waitingForKey)) {
                return true;
            }
            waitingForKey = false;
            if (avcodec_send_packet(decoder, packet) < 0) {
                return true; // a damaged packet: the decoder resyncs at the next keyframe
            }
            while (avcodec_receive_frame(decoder, frame) >= 0) {
                try {
                    frames.frame(frame);
                } finally {
                    av_frame_unref(frame);
                }
            }
            return true;
        } finally {
            av_packet_unref(packet);
        }
    }

    /** Why a handed stream ended (收流超时, the device's BYE), when it was the stream and not FFmpeg. */
    private java.util.Optional<StreamFailure> handedFailure() {
        return custom == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(custom.failure());
    }

    @Override
    public void close() {
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
        if (custom != null) {
            custom.close(); // after the format: FFmpeg does not free a custom I/O context; closing it ends the stream (BYE)
            custom = null;
        }
        av_frame_free(frame);
        av_packet_free(packet);
    }
}
