package io.gmeye.agent.camera.ingest;

import java.time.Clock;

/**
 * When a handed stream (a GB/T 28181 channel) must be open: while someone watches it live, an
 * inspection scene watches it, or a snapshot or sample asked for pictures until some time; and
 * for {@code releaseAfterMs} after the last need, so a viewer who comes back soon finds it open.
 * Then it is closed (BYE) until the next need.
 */
final class HandedDemand {
    private final long releaseAfterMs;
    private final Clock clock;
    private final Object changed = new Object();
    private volatile long wantedUntil;
    private volatile boolean watchedByScene;
    private volatile long lastNeededAt;
    private volatile boolean released;

    HandedDemand(long releaseAfterMs, Clock clock) {
        this.releaseAfterMs = releaseAfterMs;
        this.clock = clock;
    }

    void want(long untilMs) {
        synchronized (changed) {
            wantedUntil = Math.max(wantedUntil, untilMs);
            changed.notifyAll();
        }
    }

    void watched(boolean watched) {
        synchronized (changed) {
            watchedByScene = watched;
            changed.notifyAll();
        }
    }

    /** Needed right now. */
    boolean wanted(boolean liveViewers) {
        return liveViewers || watchedByScene || clock.millis() < wantedUntil;
    }

    /** The stream is being opened: what follows counts from now. */
    void opening() {
        lastNeededAt = clock.millis();
        released = false;
    }

    /** Asked while the stream is open: false once nothing needed it for the release time. */
    boolean stillNeeded(boolean liveViewers) {
        long now = clock.millis();
        if (wanted(liveViewers)) {
            lastNeededAt = now;
            return true;
        }
        if (now - lastNeededAt >= releaseAfterMs) {
            released = true;
            return false;
        }
        return true;
    }

    /** The last open ended because nothing needed it (not a failure). */
    boolean released() {
        return released;
    }

    void awaitWant(long maxMs) throws InterruptedException {
        synchronized (changed) {
            changed.wait(maxMs);
        }
    }
}
