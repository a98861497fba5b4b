package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.gmeye.protocols.camera.CameraState;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * One video decoder, used by one thread at a time. Each packet goes in tagged with its number (as
 * its pts), so every picture that comes out, however late the decoder's reordering lets it out,
 * says which packet it was: its age is then that packet's arrival, not the decode time.
 */
final class VideoDecoder implements AutoCloseable {
    /** Opening decoders concurrently is unsafe for some codecs (JavaCV #1139); it is quick, so a lock costs nothing. */
    private static final Object OPEN = new Object();

    /** Receives pictures; the frame is only valid during the call. */
    interface Sink {
        void picture(AVFrame frame, long number);
    }

    private AVCodecContext context;
    private final AVPacket tagged = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();

    private VideoDecoder(AVCodecContext context) {
        this.context = context;
    }

    /** A decoder for a stream's parameters, with {@code threads} threads (1: many cameras share the cores better). */
    static VideoDecoder open(AVCodecParameters par, int threads) throws StreamFailure {
        String name = avcodec_get_name(par.codec_id()).getString();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null) {
            throw new StreamFailure(CameraState.OFFLINE, "no decoder for " + name);
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(c, par);
        c.thread_count(threads);
        int ret;
        synchronized (OPEN) {
            ret = avcodec_open2(c, codec, (AVDictionary) null);
        }
        if (ret < 0) {
            avcodec_free_context(c);
            throw new StreamFailure(CameraState.OFFLINE, "could not open the " + name + " decoder: " + FailureText.text(ret));
        }
        return new VideoDecoder(c);
    }

    /** Which frames to decode at all: every frame, keyframes only, or none that nothing refers to (catching up to a picture). */
    void skip(int avdiscard) {
        context.skip_frame(avdiscard);
    }

    void decodeEverything() {
        skip(AVDISCARD_DEFAULT);
    }

    void keyframesOnly() {
        skip(AVDISCARD_NONKEY);
    }

    void skipUnreferenced() {
        skip(AVDISCARD_NONREF);
    }

    /**
     * Decodes one packet and hands out the pictures that leave the decoder now. A damaged packet is
     * skipped: the decoder finds its footing again at the next keyframe.
     */
    void decode(AVPacket packet, long number, Sink out) {
        av_packet_ref(tagged, packet);
        try {
            tagged.pts(number);
            tagged.dts(AV_NOPTS_VALUE);
            if (avcodec_send_packet(context, tagged) < 0) {
                return;
            }
        } finally {
            av_packet_unref(tagged);
        }
        receive(out);
    }

    /**
     * Lets out every picture the decoder still holds for reordering (a keyframe of a stream with
     * B-frames otherwise waits for later frames) and makes it ready for new packets.
     */
    void drain(Sink out) {
        if (avcodec_send_packet(context, null) >= 0) {
            receive(out);
        }
        avcodec_flush_buffers(context);
    }

    /** Forgets the pictures held for reordering and the references (a switch of mode, a gap in the stream). */
    void reset() {
        avcodec_flush_buffers(context);
    }

    private void receive(Sink out) {
        while (avcodec_receive_frame(context, frame) >= 0) {
            try {
                out.picture(frame, frame.pts());
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
            context = null;
            av_frame_free(frame);
            av_packet_free(tagged);
        }
    }
}
