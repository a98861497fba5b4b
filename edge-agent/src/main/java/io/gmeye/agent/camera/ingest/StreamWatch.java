package io.gmeye.agent.camera.ingest;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.LoggerFactory;

/**
 * The watchdog of one connection, asked by FFmpeg's interrupt callback while it blocks in I/O.
 * It answers "stop" when opening takes longer than the connect timeout, when no packet came for
 * the stall time (the camera is alive but sends nothing, so the socket timeout alone would never
 * fire), or when the camera is being stopped. That is how the grabbing thread gets out of a
 * blocking read without another thread touching its FFmpeg handles.
 *
 * <p>FFmpeg asks before every socket read: about forty times per frame over RTSP/TCP, forty
 * thousand times a second for a thousand cameras. A Java callback per question cost the agent a
 * JNI upcall and an object each; so one watchdog thread judges every watch a few times a second
 * and sets a native flag, "0" or "1", and the callback FFmpeg calls is libc's {@code atoi} on that
 * flag ({@code int (*)(void *)}, as the callback is): the question is answered without leaving C.
 * Where {@code atoi} cannot be found, the Java callback answers as before.
 */
final class StreamWatch implements AutoCloseable {
    private static final long CHECK_EVERY_MS = 50;
    /** libc's atoi, or null when it cannot be found. */
    private static final Pointer READ_FLAG = flagReader();
    /** One Java callback for every stream (JavaCPP callbacks are few and costly); the opaque pointer tells streams apart. */
    private static final Interrupt CALLBACK = READ_FLAG == null ? new Interrupt() : null;
    private static final Map<Long, StreamWatch> WATCHES = new ConcurrentHashMap<>();
    private static final Set<StreamWatch> ACTIVE = ConcurrentHashMap.newKeySet();
    /** Started with the class; it lives as long as the process. */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    enum Trip { NONE, CONNECT_TIMEOUT, STALLED, STOPPED }

    private final Clock clock;
    private final long connectTimeoutMs;
    private final long stallAfterMs;
    private final BytePointer flag = new BytePointer("0"); // what atoi reads: "1" interrupts
    private volatile long openedAt;
    private volatile long lastPacketAt;
    private volatile boolean connected;
    private volatile boolean stopRequested;
    private volatile Trip tripped = Trip.NONE;
    /** How to make a reader that is not FFmpeg's leave its blocking call (closing its socket); null when none. */
    private volatile Runnable abort;

    StreamWatch(Clock clock, long connectTimeoutMs, long stallAfterMs) {
        this.clock = clock;
        this.connectTimeoutMs = connectTimeoutMs;
        this.stallAfterMs = stallAfterMs;
        WATCHES.put(flag.address(), this);
    }

    /** Points FFmpeg's interrupt callback of a format context at this watch. */
    void attach(AVIOInterruptCB cb) {
        if (READ_FLAG != null) {
            // the struct's first member is int (*callback)(void *): the raw function pointer goes there (JavaCPP's
            // setter takes its own callback objects, whose address is not the function's)
            new PointerPointer<>(cb).put(0, READ_FLAG);
        } else {
            cb.callback(CALLBACK);
        }
        cb.opaque(flag);
    }

    void opening() {
        openedAt = clock.millis();
        connected = false;
        tripped = Trip.NONE;
        raise(stopRequested);
        ACTIVE.add(this);
    }

    void connected() {
        lastPacketAt = clock.millis();
        connected = true;
    }

    void packet(long now) {
        lastPacketAt = now;
    }

    /** The connection is closed: nothing to watch until the next {@link #opening()}. */
    void closed() {
        ACTIVE.remove(this);
        abort = null;
    }

    /**
     * For a reader that blocks in Java (the agent's own RTSP reader): when the watch trips, or the
     * camera is stopped, the watchdog runs {@code action} once, which makes the blocked call fail.
     */
    void abortWith(Runnable action) {
        abort = action;
        if (stopRequested) {
            fireAbort();
        }
    }

    private void fireAbort() {
        Runnable a = abort;
        abort = null;
        if (a != null) {
            a.run();
        }
    }

    /** Called from any thread: the grabbing thread leaves its blocking call soon after. */
    void requestStop() {
        stopRequested = true;
        raise(true);
        fireAbort();
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

    private void raise(boolean interrupt) {
        synchronized (flag) {
            if (!flag.isNull()) {
                flag.put(0, (byte) (interrupt ? '1' : '0'));
            }
        }
    }

    @Override
    public void close() {
        ACTIVE.remove(this);
        WATCHES.remove(flag.address());
        synchronized (flag) {
            flag.close();
        }
    }

    private static Pointer flagReader() {
        try {
            Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
            Pointer atoi = Loader.addressof("atoi");
            return atoi == null || atoi.isNull() ? null : atoi;
        } catch (RuntimeException | LinkageError e) {
            LoggerFactory.getLogger(StreamWatch.class).info("FFmpeg's interrupt callback calls Java ({})", e.toString());
            return null;
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camera-watchdog");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            for (StreamWatch w : ACTIVE) {
                if (w.shouldInterrupt()) {
                    w.raise(true);
                    w.fireAbort();
                }
            }
        }, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        return s;
    }

    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            StreamWatch w = opaque == null ? null : WATCHES.get(opaque.address());
            return w != null && w.shouldInterrupt() ? 1 : 0;
        }
    }
}
