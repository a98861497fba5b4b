package io.gmeye.agent.camera.clip;

import io.gmeye.agent.camera.keep.QuotaFolder;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.clip.ClipStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The clips kept at the agent (event clips and exports of recordings): one {@link QuotaFolder} of
 * MP4 files named by the clip's id, aged from when each was finished. Room is taken before a clip
 * grows ({@link #grow}), so the folder never holds more than the quota.
 */
public final class ClipStore {
    static final String DONE = QuotaFolder.DONE;
    static final String PART = QuotaFolder.PART;

    private final QuotaFolder folder;
    private final Clock clock;

    /** Opens the folder: unfinished clips are deleted (and counted), finished ones are kept in age order. */
    public ClipStore(Path dir, long quotaBytes, long maxAgeMs, Clock clock, Metrics metrics) {
        this.folder = new QuotaFolder("clips", dir, quotaBytes, maxAgeMs, clock, metrics, (name, modified) -> modified);
        this.clock = clock;
    }

    /** Where a clip is written until it is complete. */
    public Path partFor(String id) throws IOException {
        return folder.partFor(id);
    }

    /**
     * Takes room for a clip being written to grow to {@code bytes} in all, deleting the oldest
     * finished clips as needed. False when it cannot fit even in an empty folder.
     */
    public boolean grow(String id, long bytes) {
        return folder.grow(id, bytes);
    }

    /** A clip is complete: synced and renamed into place, where it can be served. */
    public void commit(String id) throws IOException {
        folder.commit(id, id, clock.millis());
    }

    /** A clip that could not be made: its partial file is deleted and it is counted. */
    public void fail(String id, String why) {
        folder.fail(id, why);
    }

    /** Deletes the clips older than the retention. */
    public void expire() {
        folder.expire();
    }

    /** A finished clip's file; empty when it is not (or no longer, or not yet) here. */
    public Optional<Path> find(String id) {
        return folder.find(id);
    }

    public boolean writing(String id) {
        return folder.writing(id);
    }

    public ClipStats stats() {
        QuotaFolder.Stats s = folder.stats();
        return new ClipStats(s.files(), s.bytes(), s.quotaBytes(), s.evicted(), s.expired(), s.discarded(), s.failed());
    }

    /** The folder itself, for the thread that writes into it. */
    QuotaFolder folder() {
        return folder;
    }
}
