package io.gmeye.agent.camera.ingest;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One open connection to a camera as the grabbing thread reads it: its video packets as they
 * arrive, not decoded, with the codec parameters and time base the ring, decoders and muxers
 * need. FFmpeg's demuxer ({@link FfmpegStream}) or the agent's own RTSP/TCP reader
 * ({@link NativeRtspStream}); only the grabbing thread that opened it uses it.
 */
interface VideoInput extends AutoCloseable {
    /** What a connected stream tells about itself; a reader may learn more as packets come (a new object then). */
    record StreamInfo(String codec, int width, int height, double nominalFps) {
    }

    StreamInfo info();

    /** The video stream's codec parameters, valid while the stream is open. */
    AVCodecParameters parameters();

    /** The time base of the video packets' timestamps, valid while the stream is open. */
    AVRational timeBase();

    /** Reads the next video packet into {@code packet}; the caller unrefs it. */
    void readVideo(AVPacket packet, StreamTarget target, StreamWatch watch) throws StreamFailure;

    /**
     * Pictures thrown away on this connection because RTP packets of them were lost, or -1 where
     * the reader cannot tell (FFmpeg's: its RTP statistics are not in its API, and
     * {@code discardcorrupt} drops damaged pictures without a count).
     */
    default long picturesLost() {
        return -1;
    }

    /** How long before {@code wallNowMs} (epoch) the packet just read arrived. */
    long heldMs(AVPacket packet, long wallNowMs);

    @Override
    void close();
}
