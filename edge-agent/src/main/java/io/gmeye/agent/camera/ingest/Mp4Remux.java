package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Kept packets copied into an MP4 file as they are (no decoding, no encoding), with the index at
 * the front (faststart), so a browser can play and seek it as soon as it has the first bytes.
 * Timestamps start at zero; where the camera's are missing or run backwards, the packets'
 * arrivals stand in. One thread makes, feeds and finishes one file.
 */
final class Mp4Remux implements AutoCloseable {
    private static final AVRational MILLIS = av_make_q(1, 1000);

    private final Path file;
    private AVFormatContext out;
    private AVStream stream;
    private AVRational inBase;
    private long baseTs = AV_NOPTS_VALUE;
    private long baseArrival;
    private long lastDts = Long.MIN_VALUE;
    private long firstArrival;
    private long lastArrival;
    private long bytes;
    private int packets;
    private boolean finished;

    private Mp4Remux(Path file) {
        this.file = file;
    }

    /** Opens {@code file} for a stream with these parameters; the caller closes it (an unfinished file is left to the caller to delete). */
    static Mp4Remux create(Path file, AVCodecParameters params, AVRational timeBase) throws IOException {
        FfmpegRuntime.init();
        Mp4Remux m = new Mp4Remux(file);
        try {
            m.open(params, timeBase);
            return m;
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private void open(AVCodecParameters params, AVRational timeBase) throws IOException {
        inBase = av_make_q(timeBase.num(), timeBase.den());
        out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, "mp4", file.toString()), "make an MP4 muxer");
        stream = avformat_new_stream(out, null);
        if (stream == null) {
            throw new IOException("cannot add a video stream to " + file.getFileName());
        }
        check(avcodec_parameters_copy(stream.codecpar(), params), "copy the stream's parameters");
        // hvc1 (parameter sets in the header) is what Safari and most players want for H.265 in MP4
        stream.codecpar().codec_tag(params.codec_id() == AV_CODEC_ID_HEVC ? tag("hvc1") : 0);
        stream.time_base(av_make_q(1, 90_000));
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open " + file.getFileName());
        out.pb(pb);
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "movflags", "+faststart", 0);
            check(avformat_write_header(out, options), "write the MP4 header");
        } finally {
            av_dict_free(options);
        }
    }

    /** Appends kept packets in order (their references stay the caller's). */
    void write(Iterable<PacketRing.Held> kept) throws IOException {
        AVPacket p = av_packet_alloc();
        try {
            for (PacketRing.Held h : kept) {
                check(av_packet_ref(p, h.packet()), "reference a packet");
                stamp(p, h.arrivedAt());
                p.stream_index(0);
                bytes += p.size();
                check(av_interleaved_write_frame(out, p), "write a packet"); // takes the reference
                packets++;
                lastArrival = h.arrivedAt();
            }
        } finally {
            av_packet_free(p);
        }
    }

    /** Timestamps from zero in the output's time base: the camera's where they run forward, else arrivals. */
    private void stamp(AVPacket p, long arrivedAt) {
        AVRational outBase = stream.time_base();
        long dts = p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
        if (packets == 0) {
            baseTs = dts;
            baseArrival = arrivedAt;
            firstArrival = arrivedAt;
        }
        long outDts = dts == AV_NOPTS_VALUE || baseTs == AV_NOPTS_VALUE
                ? av_rescale_q(arrivedAt - baseArrival, MILLIS, outBase)
                : av_rescale_q(dts - baseTs, inBase, outBase);
        long outPts = p.pts() == AV_NOPTS_VALUE || dts == AV_NOPTS_VALUE || baseTs == AV_NOPTS_VALUE
                ? outDts
                : outDts + av_rescale_q(p.pts() - dts, inBase, outBase);
        if (outDts <= lastDts) {
            long shift = lastDts + 1 - outDts;
            outDts += shift;
            outPts += shift;
        }
        lastDts = outDts;
        p.dts(outDts);
        p.pts(Math.max(outPts, outDts));
        p.duration(p.duration() > 0 ? av_rescale_q(p.duration(), inBase, outBase) : 0);
        p.pos(-1);
    }

    /** Writes the index (moved to the front) and closes the file: after this it is a complete MP4. */
    void finish() throws IOException {
        check(av_write_trailer(out), "write the MP4 index");
        finished = true;
        closeFile();
    }

    int packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    /** Arrival (agent clock) of the first packet written, 0 when none. */
    long firstArrival() {
        return firstArrival;
    }

    /** Arrival (agent clock) of the last packet written, 0 when none. */
    long lastArrival() {
        return lastArrival;
    }

    boolean finished() {
        return finished;
    }

    private void closeFile() {
        if (out != null && out.pb() != null) {
            avio_closep(out.pb());
            out.pb(null);
        }
    }

    @Override
    public void close() {
        closeFile();
        if (out != null) {
            avformat_free_context(out);
            out = null;
        }
    }

    private void check(int ret, String what) throws IOException {
        if (ret < 0) {
            throw new IOException("cannot " + what + " (" + file.getFileName() + "): " + FailureText.text(ret));
        }
    }

    private static int tag(String fourCc) {
        return fourCc.charAt(0) | fourCc.charAt(1) << 8 | fourCc.charAt(2) << 16 | fourCc.charAt(3) << 24;
    }
}
