package io.gmeye.rigs.gb28181;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream a simulated device sends after an INVITE: the clip's frames in a loop at its frame
 * rate, muxed into PS and sent as RTP, from the first keyframe on. It can be made to stop
 * sending mid-way while the dialog stays up (what makes a platform report 收流超时).
 */
final class LiveStream implements AutoCloseable {
    private final String channelId;
    private final AccessUnits clip;
    private final PsMuxer muxer;
    private final RtpSender sender;
    private final AtomicLong framesSent = new AtomicLong();
    private ScheduledFuture<?> task;
    private int next;
    private long pts;
    private volatile boolean paused;
    private volatile boolean failed;

    LiveStream(String channelId, AccessUnits clip, RtpSender sender) {
        this.channelId = channelId;
        this.clip = clip;
        this.muxer = new PsMuxer(clip.hevc());
        this.sender = sender;
    }

    synchronized void start(ScheduledExecutorService pump) {
        long periodNanos = 1_000_000_000L / clip.fps();
        task = pump.scheduleAtFixedRate(this::sendNext, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void sendNext() {
        if (paused || failed) {
            return;
        }
        AccessUnits.Frame f = clip.frames().get(next);
        next = (next + 1) % clip.frames().size();
        try {
            sender.send(muxer.frame(f.data(), f.key(), pts), pts);
            framesSent.incrementAndGet();
        } catch (IOException e) {
            failed = true; // the platform closed its socket; the BYE follows
        }
        pts += 90_000 / clip.fps();
    }

    String channelId() {
        return channelId;
    }

    long framesSent() {
        return framesSent.get();
    }

    /** Stops sending RTP but keeps the dialog up. */
    void pause() {
        paused = true;
    }

    void reorder(boolean on) {
        sender.reorder(on);
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
        sender.close();
    }
}
