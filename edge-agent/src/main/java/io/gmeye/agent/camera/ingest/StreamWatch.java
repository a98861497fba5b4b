package io.gmeye.agent.camera.ingest;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The watchdog of one connection, asked by FFmpeg's interrupt callback while it blocks in I/O.
 * It answers "stop" when opening takes longer than the connect timeout, when no packet came for
 * the stall time (the camera is alive but sends nothing, so the socket timeout alone would never
 * fire), or when the camera is being stopped. That is how the grabbing thread gets out of a
 * blocking read without another thread touching its FFmpeg handles.
 */
final class StreamWatch implements AutoCloseable {
    /** One callback for every stream (JavaCPP callbacks are few and costly); the opaque pointer tells streams apart. */
    private static final Interrupt CALLBACK = new Interrupt();
    private static final Map<Long, StreamWatch> WATCHES = new ConcurrentHashMap<>();

    enum Trip { NONE, CONNECT_TIMEOUT, STALLED, STOPPED }

    private final Clock clock;
    private final long connectTimeoutMs;
    private final long stallAfterMs;
    private final BytePointer key = new BytePointer(1);
    private volatile long openedAt;
    private volatile long lastPacketAt;
    private volatile boolean connected;
    private volatile boolean stopRequested;
    private volatile Trip tripped = Trip.NONE;

    StreamWatch(Clock clock, long connectTimeoutMs, long stallAfterMs) {
        this.clock = clock;
        this.connectTimeoutMs = connectTimeoutMs;
        this.stallAfterMs = stallAfterMs;
        WATCHES.put(key.address(), this);
    }

    /** Points FFmpeg's interrupt callback of a format context at this watch. */
    void attach(AVIOInterruptCB cb) {
        cb.callback(CALLBACK);
        cb.opaque(key);
    }

    void opening() {
        openedAt = clock.millis();
        connected = false;
        tripped = Trip.NONE;
    }

    void connected() {
        lastPacketAt = clock.millis();
        connected = true;
    }

    void packet(long now) {
        lastPacketAt = now;
    }

    /** Called from any thread: the grabbing thread leaves its blocking call soon after. */
    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    long stallAfterMs() {
        return stallAfterMs;
    }

    long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    Trip tripped() {
        return tripped;
    }

    private boolean shouldInterrupt() {
        if (tripped != Trip.NONE) {
            // sticky until the next open: on an interrupt FFmpeg may first hand out a packet it
            // had buffered, which must not count as the stream being alive again
            return true;
        }
        if (stopRequested) {
            tripped = Trip.STOPPED;
            return true;
        }
        long now = clock.millis();
        if (!connected && now - openedAt > connectTimeoutMs) {
            tripped = Trip.CONNECT_TIMEOUT;
            return true;
        }
        if (connected && now - lastPacketAt > stallAfterMs) {
            tripped = Trip.STALLED;
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        WATCHES.remove(key.address());
        key.close();
    }

    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            StreamWatch w = opaque == null ? null : WATCHES.get(opaque.address());
            return w != null && w.shouldInterrupt() ? 1 : 0;
        }
    }
}
