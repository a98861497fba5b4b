package io.gmeye.agent.camera.keep;

import io.gmeye.agent.camera.ingest.VideoCopy;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that copies cameras' packet rings into a {@link QuotaFolder} (event clips, or
 * recorded segments) and runs the folder's retention pass every hour: the copies are pulled in
 * steps here, never on a camera's grabbing thread or an event loop, and finished here.
 */
public final class CopyThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CopyThread.class);
    private static final long RETENTION_EVERY_MIN = 60;

    /** Puts a finished copy's file in place (a rename into the folder). */
    @FunctionalInterface
    public interface Commit {
        void commit(VideoCopy finished) throws IOException;
    }

    private final String name;
    private final ScheduledThreadPoolExecutor thread;

    public CopyThread(String name, QuotaFolder folder) {
        this.name = name;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.scheduleWithFixedDelay(() -> {
            try {
                folder.expire();
            } catch (RuntimeException e) {
                LOG.warn("{}: retention pass failed: {}", name, e.toString());
            }
        }, 1, RETENTION_EVERY_MIN, TimeUnit.MINUTES);
    }

    public void execute(Runnable task) {
        thread.execute(task);
    }

    public Future<?> submit(Runnable task) {
        return thread.submit(task);
    }

    public void schedule(Runnable task, long delayMs) {
        thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    public void every(Runnable task, long periodMs) {
        thread.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends a copy: its index written, its file closed and put in place by {@code commit}. False
     * when any of it failed (logged with {@code what}); the caller then discards the part.
     */
    public boolean finish(VideoCopy copy, String what, Commit commit) {
        try (copy) {
            copy.finish();
            commit.commit(copy);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: {} not finished: {}", name, what, e.toString()); // an interrupt at close has no message
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
