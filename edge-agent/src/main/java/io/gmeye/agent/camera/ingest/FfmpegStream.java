package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.gmeye.protocols.camera.CameraState;
import java.time.Clock;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * One open connection to a camera, demuxed through JavaCV's FFmpeg presets: its video packets as
 * they arrive, not decoded (decoding is {@link VideoDecoder}'s, and only where someone will look).
 * Every native handle is made, used and freed by the one grabbing thread that owns this object.
 * The grabber needs nothing else of a source than {@link #open}, {@link #info}, {@link #parameters},
 * {@link #readVideo} and {@link #heldMs}: a stream FFmpeg demuxes from another input (a custom AVIO)
 * fits here.
 *
 * <p>Not FFmpegFrameGrabber, for four reasons the edge needs: its start() holds a JVM-wide lock
 * across the network handshake (one dead camera stalls every other camera's start); it has no
 * interrupt callback, so a camera that keeps the session up but sends nothing blocks a read
 * forever; it hides the packets, so fps in and bitrate could not be measured and nothing could be
 * kept undecoded; and it decodes and converts every frame, where the agent decodes only what
 * someone asks for.
 */
final class FfmpegStream implements VideoInput {
    private AVFormatContext format;
    private CustomInput custom;
    private int videoIndex = -1;
    private StreamInfo info;
    /**
     * For arrivals (agent clock): the video stream's time base, when probing began and ended, the
     * timestamp of the first packet read after probing and when it is taken to have arrived, when
     * the last video packet was read, the last arrival given.
     */
    private int timeBaseNum;
    private int timeBaseDen;
    private long probingFromWallMs;
    private long probedAtWallMs;
    private long anchorTs = AV_NOPTS_VALUE;
    private long anchorWallMs;
    private boolean live;
    private long lastReadWallMs;
    private long readWallMs;
    private long lastArrivalWallMs;

    private FfmpegStream() {
    }

    /**
     * Connects and reads the stream's parameters. Blocks for at most the watch's connect timeout.
     * On failure everything opened so far is freed.
     */
    static FfmpegStream open(StreamTarget target, StreamWatch watch) throws StreamFailure {
        return open(target, watch, Clock.systemUTC());
    }

    /** @param clock for a handed stream's no-data timeout */
    static FfmpegStream open(StreamTarget target, StreamWatch watch, Clock clock) throws StreamFailure {
        FfmpegRuntime.init();
        FfmpegStream s = new FfmpegStream();
        try {
            s.connect(target, watch, clock);
            return s;
        } catch (StreamFailure | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void connect(StreamTarget target, StreamWatch watch, Clock clock) throws StreamFailure {
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
                throw new StreamFailure(CameraState.OFFLINE, e.getMessage());
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
                if (watch.tripped() == StreamWatch.Trip.NONE && tookMs >= target.socketTimeoutMs() * 9 / 10) {
                    // the socket timeout fired first; FFmpeg then reports "invalid data" or "I/O error"
                    throw FailureText.noAnswer(target, tookMs);
                }
                throw FailureText.classify(ret, watch, target, "connect");
            }
        } finally {
            av_dict_free(options);
        }
        probingFromWallMs = System.currentTimeMillis(); // the camera answered PLAY: video arrives from now on
        int ret = avformat_find_stream_info(format, (AVDictionary) null);
        if (ret < 0) {
            throw handedFailure().orElse(FailureText.classify(ret, watch, target, "read the stream's parameters"));
        }
        probedAtWallMs = System.currentTimeMillis();
        videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
        if (videoIndex < 0) {
            throw new StreamFailure(CameraState.OFFLINE, "the stream at " + target.safeUrl() + " has no video");
        }
        AVStream stream = format.streams(videoIndex);
        AVCodecParameters par = stream.codecpar();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        String codecName = avcodec_get_name(par.codec_id()).getString();
        if (codec == null) {
            throw new StreamFailure(CameraState.OFFLINE, "no decoder for " + codecName + " from " + target.safeUrl());
        }
        double fps = av_q2d(stream.avg_frame_rate());
        if (!(fps > 0 && fps < 1000)) {
            fps = av_q2d(stream.r_frame_rate());
        }
        info = new StreamInfo(codecName, par.width(), par.height(), fps > 0 && fps < 1000 ? fps : 0);
        timeBaseNum = stream.time_base().num();
        timeBaseDen = stream.time_base().den();
        watch.connected();
    }

    @Override
    public StreamInfo info() {
        return info;
    }

    /** The video stream's codec parameters, valid while the stream is open. */
    @Override
    public AVCodecParameters parameters() {
        return format.streams(videoIndex).codecpar();
    }

    /** The time base of the video packets' timestamps, valid while the stream is open. */
    @Override
    public org.bytedeco.ffmpeg.avutil.AVRational timeBase() {
        return format.streams(videoIndex).time_base();
    }

    /** Reads the next video packet into {@code packet} (packets of other streams are skipped); the caller unrefs it. */
    @Override
    public void readVideo(AVPacket packet, StreamTarget target, StreamWatch watch) throws StreamFailure {
        while (true) {
            int ret = av_read_frame(format, packet);
            if (ret < 0) {
                throw handedFailure().orElse(FailureText.classify(ret, watch, target, "read"));
            }
            if (watch.tripped() != StreamWatch.Trip.NONE) {
                av_packet_unref(packet);
                throw FailureText.classify(AVERROR_EXIT, watch, target, "read");
            }
            if (packet.stream_index() == videoIndex) {
                lastReadWallMs = readWallMs;
                readWallMs = System.currentTimeMillis();
                return;
            }
            av_packet_unref(packet);
        }
    }

    /**
     * How long before {@code wallNowMs} (epoch) the packet just read arrived. Packets keep the
     * camera's timestamps (a stream with B-frames sends them in decode order; its presentation
     * times are the camera's), so arrival is the agent's own measure: FFmpeg's parser hands out a
     * H.264/H.265 frame when the start of the next one arrives, and that start arrived when the
     * frame before was handed out: a frame arrived when the previous video packet was read. The
     * packets read while probing the stream at connect waited in FFmpeg's buffer: they arrived
     * from when probing began on, spaced as the camera's timestamps say (never later than read).
     * Arrivals never run backwards.
     */
    @Override
    public long heldMs(AVPacket packet, long wallNowMs) {
        long floor = Math.max(lastArrivalWallMs, probingFromWallMs);
        long arrived = lastReadWallMs > 0 ? lastReadWallMs : wallNowMs;
        if (!live) {
            long ts = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
            if (ts != AV_NOPTS_VALUE && timeBaseNum > 0 && timeBaseDen > 0) {
                if (anchorTs == AV_NOPTS_VALUE) {
                    anchorTs = ts;
                    anchorWallMs = floor;
                }
                long sinceMs = (long) ((ts - anchorTs) * 1000.0 * timeBaseNum / timeBaseDen);
                // nothing later than probing lasted can have waited in its buffer
                live = sinceMs > probedAtWallMs - probingFromWallMs;
                arrived = live ? arrived : Math.min(arrived, anchorWallMs + sinceMs);
            } else {
                arrived = Math.min(arrived, floor);
            }
        }
        arrived = Math.min(wallNowMs, Math.max(arrived, floor));
        lastArrivalWallMs = arrived;
        return wallNowMs - arrived;
    }

    /** Why a handed stream ended (收流超时, the device's BYE), when it was the stream and not FFmpeg. */
    private Optional<StreamFailure> handedFailure() {
        return custom == null ? Optional.empty() : Optional.ofNullable(custom.failure());
    }

    @Override
    public void close() {
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
        if (custom != null) {
            custom.close(); // after the format: FFmpeg does not free a custom I/O context; closing it ends the stream (BYE)
            custom = null;
        }
    }
}
