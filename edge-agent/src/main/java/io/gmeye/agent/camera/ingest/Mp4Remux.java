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
import java.util.List;
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
 * Timestamps are the camera's (a stream with B-frames arrives in decode order; its presentation
 * times say the order to show pictures in), moved to start at zero: a decode time the camera left
 * out is filled between its neighbours or a frame on from the one before, a missing presentation
 * time is the decode time, and presentation never comes before decode. Where the camera's clock
 * restarts or leaps (a device that reset its timestamps), time goes on from the frame before as
 * far as the packets' arrivals are apart. One thread makes, feeds and finishes one file.
 */
final class Mp4Remux implements AutoCloseable {
    private static final AVRational MILLIS = av_make_q(1, 1000);

    /** A leap of the camera's clock beyond the arrivals by more than this is a restart of its timestamps. */
    private static final long LEAP_MS = 10_000;
    /** Decode times going back by more than this are a restart; less is the camera's jitter or a filled gap. */
    private static final long BACK_MS = 1_000;
    /** A frame's duration when nothing tells it: 25 fps. */
    private static final long DEFAULT_FRAME_MS = 40;

    private final Path file;
    private AVFormatContext out;
    private AVStream stream;
    private AVRational inBase;
    /** In the input's time base: the first decode time, the last one written, what restarts of the camera's clock added, a frame's duration. */
    private long baseTs;
    private long lastDts = AV_NOPTS_VALUE;
    private long offset;
    private long frame;
    private long lastOutDts = Long.MIN_VALUE / 2;
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
    void write(List<PacketRing.Held> kept) throws IOException {
        learnFrameDuration(kept);
        long[] dts = decodeTimes(kept);
        AVPacket p = av_packet_alloc();
        try {
            for (int i = 0; i < kept.size(); i++) {
                PacketRing.Held h = kept.get(i);
                check(av_packet_ref(p, h.packet()), "reference a packet");
                stamp(p, dts[i], h.arrivedAt());
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

    /** A frame's duration: the smallest step between the presentation times of the packets at hand, once known. */
    private void learnFrameDuration(List<PacketRing.Held> kept) {
        long[] pts = kept.stream().mapToLong(h -> h.packet().pts()).filter(t -> t != AV_NOPTS_VALUE).sorted().toArray();
        for (int i = 1; i < pts.length; i++) {
            long step = pts[i] - pts[i - 1];
            if (step > 0 && (frame <= 0 || step < frame)) {
                frame = step;
            }
        }
        if (frame <= 0) {
            frame = Math.max(1, av_rescale_q(DEFAULT_FRAME_MS, MILLIS, inBase));
        }
    }

    /**
     * The packets' decode times in the input's time base: the camera's, and where it left one out
     * (FFmpeg has none for the first packets of a connection with B-frames), one filled evenly
     * between the known ones around it, or a frame on from the one before.
     */
    private long[] decodeTimes(List<PacketRing.Held> kept) {
        long[] dts = new long[kept.size()];
        long previous = lastDts == AV_NOPTS_VALUE ? AV_NOPTS_VALUE : lastDts - offset;
        int previousAt = -1;
        for (int i = 0; i < dts.length; i++) {
            AVPacket p = kept.get(i).packet();
            dts[i] = p.dts();
            if (dts[i] == AV_NOPTS_VALUE) {
                int next = i + 1;
                while (next < dts.length && kept.get(next).packet().dts() == AV_NOPTS_VALUE) {
                    next++;
                }
                long nextDts = next < dts.length ? kept.get(next).packet().dts() : AV_NOPTS_VALUE;
                if (previous != AV_NOPTS_VALUE && nextDts != AV_NOPTS_VALUE && nextDts > previous) {
                    dts[i] = previous + (nextDts - previous) * (i - previousAt) / (next - previousAt);
                } else if (previous != AV_NOPTS_VALUE) {
                    dts[i] = previous + frame * (i - previousAt);
                } else if (nextDts != AV_NOPTS_VALUE) {
                    dts[i] = nextDts - frame * (next - i);
                } else {
                    dts[i] = p.pts() != AV_NOPTS_VALUE ? p.pts() : 0;
                }
                if (p.pts() != AV_NOPTS_VALUE) {
                    dts[i] = Math.min(dts[i], p.pts());
                }
            }
            previous = dts[i];
            previousAt = i;
        }
        return dts;
    }

    /** Timestamps from zero in the output's time base, in the order the camera shows its pictures. */
    private void stamp(AVPacket p, long inDts, long arrivedAt) {
        long pts = p.pts() == AV_NOPTS_VALUE ? inDts : p.pts();
        if (packets == 0) {
            baseTs = inDts;
            firstArrival = arrivedAt;
        }
        long dts = inDts + offset;
        if (packets > 0) {
            long apart = Math.max(0, av_rescale_q(arrivedAt - lastArrival, MILLIS, inBase));
            long step = dts - lastDts;
            if (step < -av_rescale_q(BACK_MS, MILLIS, inBase) || step > apart + av_rescale_q(LEAP_MS, MILLIS, inBase)) {
                long moved = lastDts + Math.max(frame, apart) - dts; // the camera restarted its clock: time goes on
                offset += moved;
                dts += moved;
            } else if (step <= 0) {
                dts = lastDts + 1; // never twice the same decode time; the picture keeps its place
            }
        }
        lastDts = dts;
        AVRational outBase = stream.time_base();
        long outDts = Math.max(av_rescale_q(dts - baseTs, inBase, outBase), lastOutDts + 1);
        long outPts = av_rescale_q(pts + offset - baseTs, inBase, outBase);
        lastOutDts = outDts;
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
