package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.gmeye.protocols.camera.CameraState;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An FFmpeg I/O context over a {@link StreamSource.Input}: FFmpeg's demuxer reads the stream the
 * agent receives itself (PS over RTP) as if it were a file. The read callback waits for data in
 * short steps so the watch can stop it, and gives the stream up after the source's no-data
 * timeout, keeping the reason for the camera's health.
 */
final class CustomInput implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    /** One callback for every stream (JavaCPP callbacks are few and costly); the opaque pointer tells streams apart. */
    private static final Read READ = new Read();
    private static final Map<Long, CustomInput> OPEN = new ConcurrentHashMap<>();

    private final StreamSource.Input input;
    private final StreamWatch watch;
    private final Clock clock;
    private final long noDataMs;
    private final BytePointer key = new BytePointer(1);
    private final byte[] copy = new byte[BUFFER];
    private AVIOContext context;
    private long lastDataAt;
    private volatile StreamFailure failure;

    CustomInput(StreamSource.Input input, StreamWatch watch, Clock clock, long noDataMs) {
        this.input = input;
        this.watch = watch;
        this.clock = clock;
        this.noDataMs = noDataMs;
        this.lastDataAt = clock.millis();
        OPEN.put(key.address(), this);
        BytePointer buffer = new BytePointer(av_malloc(BUFFER)).capacity(BUFFER);
        this.context = avio_alloc_context(buffer, BUFFER, 0, key, READ, null, null);
    }

    AVIOContext context() {
        return context;
    }

    /** Why reading stopped, when the stream (not FFmpeg) ended it; null otherwise. */
    StreamFailure failure() {
        return failure;
    }

    private int read(BytePointer buf, int size) {
        while (true) {
            if (watch.stopRequested() || watch.tripped() != StreamWatch.Trip.NONE) {
                return AVERROR_EXIT;
            }
            int n;
            try {
                n = input.read(copy, 0, Math.min(size, copy.length));
            } catch (IOException e) {
                failure = new StreamFailure(CameraState.OFFLINE, input.describe() + ": " + e.getMessage());
                return AVERROR_EOF;
            }
            long now = clock.millis();
            if (n > 0) {
                lastDataAt = now;
                buf.put(copy, 0, n);
                return n;
            }
            if (n < 0) {
                failure = new StreamFailure(CameraState.OFFLINE, input.describe() + ": the stream ended");
                return AVERROR_EOF;
            }
            if (now - lastDataAt >= noDataMs) {
                failure = new StreamFailure(CameraState.OFFLINE, "收流超时 stream receive timeout: no RTP for " + (now - lastDataAt) / 1000
                        + " s from " + input.describe());
                return AVERROR_EOF;
            }
        }
    }

    @Override
    public void close() {
        OPEN.remove(key.address());
        if (context != null) {
            av_free(context.buffer()); // FFmpeg may have replaced the buffer it was given; this is the one it holds
            context.buffer(null);
            avio_context_free(context);
            context = null;
        }
        key.close();
        input.close();
    }

    private static final class Read extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            CustomInput in = opaque == null ? null : OPEN.get(opaque.address());
            return in == null ? AVERROR_EOF : in.read(buf, size);
        }
    }
}
