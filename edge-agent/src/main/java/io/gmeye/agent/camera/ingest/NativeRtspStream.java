package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_move_ref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import io.gmeye.agent.camera.rtsp.RtpDepacketizer;
import io.gmeye.agent.camera.rtsp.RtspClient;
import io.gmeye.agent.camera.rtsp.RtspFailure;
import io.gmeye.agent.camera.rtsp.Sdp;
import io.gmeye.agent.camera.rtsp.SpsSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * A camera read over RTSP/TCP by the agent itself ({@link RtspClient}, {@link RtpDepacketizer}):
 * each access unit becomes one AVPacket (Annex B, pts the RTP timestamp unwrapped, in the clock
 * rate's time base, keyframe flag from IDR/IRAP), with codec parameters built from the SDP (the
 * parameter sets as extradata, the size from the SPS), so the ring, decoders, clips and
 * recordings take it as they take FFmpeg's packets. Arrival is when the read that completed the
 * picture returned: nothing waits in a parser.
 *
 * <p>A blocked read is left through the watch, which closes the socket when the camera stalls,
 * does not answer in time, or is stopped.
 */
final class NativeRtspStream implements VideoInput {
    /**
     * Pictures a camera may send before one shown earlier (B-frames: two for the High and Main
     * profile streams cameras send); more than the stream uses only delays decode times.
     */
    private static final int REORDER = 2;
    /** Pictures to learn the nominal frame rate from, when the SDP does not state it. */
    private static final int FPS_SAMPLES = 12;

    /** The camera offers what this reader does not take (no video, a codec other than H.264/H.265, no RTP over TCP). */
    static final class NotServed extends Exception {
        NotServed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ArrayDeque<Unit> ready = new ArrayDeque<>();
    private RtspClient client;
    private RtpDepacketizer depacketizer;
    private AVCodecParameters parameters;
    private AVRational timeBase;
    private volatile StreamInfo info;
    private boolean hevc;
    private long firstTs = Long.MIN_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private long minStep = Long.MAX_VALUE;
    private int steps;
    /** Whether the SDP stated the frame rate (then it is not learned from the timestamps). */
    private boolean sdpFps;
    private int clockRate;
    /** The newest presentation times, smallest first, as FFmpeg keeps them to give decode times (AV_NOPTS_VALUE sorts first). */
    private final long[] shown = {AV_NOPTS_VALUE, AV_NOPTS_VALUE, AV_NOPTS_VALUE};
    /** When the packet last handed out arrived (epoch). */
    private long lastArrival;
    private final RtpDepacketizer.Out collect = this::unit;
    private final RtspClient.Sink sink = (buf, off, len) -> depacketizer.packet(buf, off, len, collect);

    /** One picture read and not yet handed out. */
    private record Unit(AVPacket packet, long arrivedAtMs) {
    }

    private NativeRtspStream() {
    }

    /** Connects, sets the session up and reads until the stream's parameters are known; at most the connect timeout. */
    static NativeRtspStream open(StreamTarget target, StreamWatch watch) throws StreamFailure, NotServed {
        FfmpegRuntime.init();
        NativeRtspStream s = new NativeRtspStream();
        try {
            s.connect(target, watch);
            return s;
        } catch (StreamFailure | NotServed | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void connect(StreamTarget target, StreamWatch watch) throws StreamFailure, NotServed {
        watch.opening();
        long began = System.currentTimeMillis();
        Sdp.VideoTrack track;
        try {
            // no socket timeouts: the watch closes the socket when the camera does not answer within the connect timeout
            client = RtspClient.open(target.url(), Long.MAX_VALUE, System::currentTimeMillis, c -> watch.abortWith(c::abort));
            track = client.track();
            hevc = "H265".equals(track.encoding());
            clockRate = track.clockRate() > 0 ? track.clockRate() : 90_000;
            depacketizer = new RtpDepacketizer(hevc, track.payloadType());
            watch.abortWith(client::abort); // while streaming: a stall or a stop closes the socket
            List<byte[]> sets = track.parameterSets();
            while (size(sets) == null) {
                // no usable parameter sets in the SDP: the camera sends them in band, before its first keyframe
                readOnce(watch, target);
                byte[][] inBand = depacketizer.inBandParameterSets();
                sets = inBand == null ? sets : List.of(inBand);
            }
            buildParameters(sets, size(sets));
        } catch (RtspFailure f) {
            if (f.kind() == RtspFailure.Kind.UNSUPPORTED) {
                throw new NotServed(f.getMessage());
            }
            throw FailureText.of(f, watch, target, "connect", System.currentTimeMillis() - began);
        } catch (IOException e) {
            throw FailureText.of(e, watch, target, "connect", System.currentTimeMillis() - began);
        } catch (IllegalArgumentException e) {
            throw new StreamFailure(io.gmeye.protocols.camera.CameraState.NOT_FOUND, "cannot use the URL " + target.safeUrl() + ": " + e.getMessage());
        }
        info = new StreamInfo(hevc ? "hevc" : "h264", parameters.width(), parameters.height(), track.fps() > 0 ? track.fps() : 0);
        sdpFps = track.fps() > 0;
        watch.connected();
    }

    /** The size the SPS among {@code sets} states, null when there is none this can read. */
    private int[] size(List<byte[]> sets) {
        for (byte[] nal : sets) {
            int type = hevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f;
            if (type == (hevc ? 33 : 7)) {
                int[] wh = SpsSize.of(nal, hevc);
                if (wh != null && wh[0] > 0 && wh[1] > 0) {
                    return wh;
                }
            }
        }
        return null;
    }

    private void buildParameters(List<byte[]> sets, int[] size) {
        ByteArrayOutputStream annexB = new ByteArrayOutputStream();
        for (byte[] nal : sets) {
            annexB.write(0);
            annexB.write(0);
            annexB.write(0);
            annexB.write(1);
            annexB.writeBytes(nal);
        }
        byte[] extradata = annexB.toByteArray();
        parameters = avcodec_parameters_alloc();
        parameters.codec_type(AVMEDIA_TYPE_VIDEO);
        parameters.codec_id(hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        parameters.width(size[0]);
        parameters.height(size[1]);
        // FFmpeg frees extradata with the parameters: allocated by FFmpeg, padded as it requires
        BytePointer data = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
        data.capacity(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE).put(extradata, 0, extradata.length);
        parameters.extradata(data);
        parameters.extradata_size(extradata.length);
        timeBase = av_make_q(1, clockRate);
    }

    private void unit(byte[] data, int len, long timestamp, boolean key) {
        if (firstTs == Long.MIN_VALUE) {
            firstTs = timestamp;
        }
        learnFps(timestamp);
        AVPacket p = av_packet_alloc();
        if (av_new_packet(p, len) < 0) {
            av_packet_free(p);
            throw new OutOfMemoryError("av_new_packet(" + len + ")");
        }
        p.data().put(data, 0, len);
        long pts = timestamp - firstTs;
        p.pts(pts);
        p.dts(decodeTime(pts));
        // a picture lasts one frame interval: the muxer ends a clip's edit list after its last picture's, not at its start
        p.duration(minStep == Long.MAX_VALUE ? 0 : minStep);
        p.stream_index(0);
        if (key) {
            p.flags(p.flags() | AV_PKT_FLAG_KEY);
        }
        ready.addLast(new Unit(p, System.currentTimeMillis())); // parsed right after the read that completed it
    }

    /**
     * Decode times are not sent over RTP: as FFmpeg's demuxer does, a picture's is the smallest of
     * the last {@link #REORDER} + 1 presentation times once the smallest before it is dropped, which
     * rises with every picture and is never after the picture's own time. The first pictures of a
     * connection get none (the remuxer fills them in, as it does for FFmpeg's).
     */
    private long decodeTime(long pts) {
        shown[0] = pts;
        for (int i = 0; i < REORDER && shown[i] > shown[i + 1]; i++) {
            long t = shown[i];
            shown[i] = shown[i + 1];
            shown[i + 1] = t;
        }
        return shown[0];
    }

    /** The nominal rate: the smallest step between pictures' timestamps (pictures come in decode order). */
    private void learnFps(long ts) {
        if (steps >= FPS_SAMPLES) {
            return;
        }
        if (lastTs != Long.MIN_VALUE && ts > lastTs) {
            minStep = Math.min(minStep, ts - lastTs);
            if (++steps == FPS_SAMPLES && info != null && !sdpFps) {
                double fps = (double) clockRate / minStep;
                info = new StreamInfo(info.codec(), info.width(), info.height(), fps < 1000 ? Math.round(fps * 100) / 100.0 : 0);
            }
        }
        lastTs = ts;
    }

    private void readOnce(StreamWatch watch, StreamTarget target) throws IOException, StreamFailure {
        client.read(sink);
        if (watch.tripped() != StreamWatch.Trip.NONE) {
            throw FailureText.classify(org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT, watch, target, "read");
        }
    }

    @Override
    public StreamInfo info() {
        return info;
    }

    @Override
    public AVCodecParameters parameters() {
        return parameters;
    }

    @Override
    public AVRational timeBase() {
        return timeBase;
    }

    @Override
    public void readVideo(AVPacket packet, StreamTarget target, StreamWatch watch) throws StreamFailure {
        try {
            while (ready.isEmpty()) {
                readOnce(watch, target);
            }
        } catch (IOException e) {
            throw FailureText.of(e, watch, target, "read", 0);
        }
        Unit u = ready.removeFirst();
        av_packet_move_ref(packet, u.packet());
        av_packet_free(u.packet());
        lastArrival = u.arrivedAtMs();
    }

    @Override
    public long heldMs(AVPacket packet, long wallNowMs) {
        return Math.max(0, wallNowMs - lastArrival);
    }

    @Override
    public long picturesLost() {
        return depacketizer == null ? 0 : depacketizer.dropped();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        while (!ready.isEmpty()) {
            av_packet_free(ready.removeFirst().packet());
        }
        if (parameters != null) {
            avcodec_parameters_free(parameters);
            parameters = null;
        }
    }
}
