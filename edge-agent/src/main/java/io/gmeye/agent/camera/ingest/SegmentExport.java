package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * A range of a recording as one MP4, remuxed from its segments without decoding: from the keyframe
 * at or before the range's start (the first one when the range starts in a gap) to the last packet
 * before its end, across segment boundaries; time runs on across a gap between segments (a segment
 * starts where the agent received it, never before the pictures of the one before are shown). Stops at
 * a segment whose stream differs (another codec or size: one MP4 holds one).
 */
public final class SegmentExport {
    private static final AVRational MILLIS = av_make_q(1, 1000);

    /** One recorded segment: its file and the agent time of its first packet. */
    public record Segment(Path file, long startAt) {
    }

    /** What the export holds: agent times of its first and last packets, and their count. */
    public record Result(long from, long to, int packets) {
    }

    private SegmentExport() {
    }

    /** Writes {@code out}; the caller renames it into place. Empty result (0 packets) when the segments hold nothing in range. */
    public static Result export(List<Segment> segments, long from, long to, Path out) throws IOException {
        FfmpegRuntime.init();
        Mp4Remux mux = null;
        List<PacketRing.Held> lead = new ArrayList<>(); // from the newest keyframe at or before the start
        int codec = -1;
        int width = -1;
        int height = -1;
        long shownUntil = Long.MIN_VALUE; // the latest presentation written, agent time
        long frameMs = 1;
        try {
            for (Segment s : segments) {
                AVFormatContext in = new AVFormatContext(null);
                if (avformat_open_input(in, s.file().toString(), (AVInputFormat) null, (AVDictionary) null) < 0) {
                    throw new IOException("cannot open the segment " + s.file().getFileName());
                }
                AVPacket p = av_packet_alloc();
                try {
                    if (avformat_find_stream_info(in, (AVDictionary) null) < 0) {
                        throw new IOException("cannot read the segment " + s.file().getFileName());
                    }
                    AVCodecParameters par = in.streams(0).codecpar();
                    if (codec >= 0 && (par.codec_id() != codec || par.width() != width || par.height() != height)) {
                        break; // the camera's stream changed: one MP4 holds one stream
                    }
                    codec = par.codec_id();
                    width = par.width();
                    height = par.height();
                    AVRational tb = in.streams(0).time_base();
                    long first = AV_NOPTS_VALUE;
                    long startAt = shownUntil == Long.MIN_VALUE ? s.startAt() : Math.max(s.startAt(), shownUntil + frameMs);
                    long lastAt = Long.MIN_VALUE;
                    while (av_read_frame(in, p) >= 0) {
                        long dts = p.dts() != AV_NOPTS_VALUE ? p.dts() : p.pts();
                        if (first == AV_NOPTS_VALUE) {
                            first = dts;
                        }
                        long at = startAt + av_rescale_q(dts - first, tb, MILLIS);
                        if (lastAt != Long.MIN_VALUE && at > lastAt) {
                            frameMs = at - lastAt;
                        }
                        lastAt = at;
                        boolean key = (p.flags() & AV_PKT_FLAG_KEY) != 0;
                        if (at > to) {
                            av_packet_unref(p);
                            break;
                        }
                        long ptsOffset = p.pts() == AV_NOPTS_VALUE ? 0 : av_rescale_q(p.pts() - dts, tb, MILLIS);
                        p.dts(at);
                        p.pts(at + ptsOffset);
                        shownUntil = Math.max(shownUntil, at + ptsOffset);
                        p.duration(0);
                        if (mux == null) {
                            if (key) {
                                lead.forEach(h -> av_packet_free(h.packet()));
                                lead.clear();
                            }
                            if (!lead.isEmpty() || key) {
                                AVPacket ref = av_packet_alloc();
                                org.bytedeco.ffmpeg.global.avcodec.av_packet_ref(ref, p);
                                lead.add(new PacketRing.Held(ref, 0, at, key));
                            }
                            if (at >= from && !lead.isEmpty()) {
                                mux = Mp4Remux.create(out, par, MILLIS);
                                mux.write(lead);
                            }
                        } else {
                            mux.write(List.of(new PacketRing.Held(p, 0, at, key)));
                        }
                        av_packet_unref(p);
                    }
                } finally {
                    av_packet_free(p);
                    avformat_close_input(in);
                }
            }
            if (mux == null && !lead.isEmpty()) {
                return new Result(0, 0, 0); // everything kept lies before the range
            }
            if (mux == null) {
                return new Result(0, 0, 0);
            }
            mux.finish();
            return new Result(mux.firstArrival(), mux.lastArrival(), mux.packets());
        } finally {
            lead.forEach(h -> av_packet_free(h.packet()));
            if (mux != null) {
                mux.close();
            }
        }
    }
}
