package io.gmeye.agent.camera.clip;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.clip.ClipStats;
import io.gmeye.protocols.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clips kept at the agent, one folder of MP4 files under a quota and a retention. A clip is
 * written under a temporary name ({@code ID.mp4.part}) and renamed into place when it is complete,
 * so only finished clips are ever found; an unfinished one left by a crash is deleted at start
 * and counted. Room is taken before a clip grows ({@link #grow}): the oldest clips go first, so
 * the folder never holds more than the quota. Every clip that goes is counted by cause.
 */
public final class ClipStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClipStore.class);
    static final String DONE = ".mp4";
    static final String PART = ".mp4.part";

    private final Path dir;
    private final long quota;
    private final long maxAgeMs;
    private final Clock clock;
    private final Metrics metrics;
    /** Finished clips, oldest first: id to size and when finished. */
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>();
    /** Clips being written: id to the room taken for them. */
    private final Map<String, Long> writing = new LinkedHashMap<>();
    private long used;
    private long evicted;
    private long expired;
    private long discarded;
    private long failed;

    private record Kept(long bytes, long finishedAt) {
    }

    /** Opens the folder: unfinished clips are deleted (and counted), finished ones are kept in age order. */
    public ClipStore(Path dir, long quotaBytes, long maxAgeMs, Clock clock, Metrics metrics) {
        this.dir = dir;
        this.quota = quotaBytes;
        this.maxAgeMs = maxAgeMs;
        this.clock = clock;
        this.metrics = metrics;
        try {
            Files.createDirectories(dir);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("clips: cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        List<Path> done = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(PART)) {
                    Files.deleteIfExists(f); // a crash mid-write: never served, never repaired half-way
                    discarded++;
                    metrics.count("clips.gone", "cause", "unfinished");
                } else if (name.endsWith(DONE)) {
                    done.add(f);
                }
            }
        }
        if (discarded > 0) {
            LOG.warn("clips: deleted {} unfinished clip file(s) left by a crash", discarded);
        }
        done.sort(Comparator.comparingLong(ClipStore::modified).thenComparing(Path::toString));
        for (Path f : done) {
            long size = Files.size(f);
            kept.put(id(f), new Kept(size, modified(f)));
            used += size;
        }
    }

    /** Where a clip is written until it is complete. */
    public Path partFor(String id) {
        return dir.resolve(checked(id) + PART);
    }

    /**
     * Takes room for a clip being written to grow to {@code bytes} in all, deleting the oldest
     * finished clips as needed. False when it cannot fit even in an empty folder.
     */
    public synchronized boolean grow(String id, long bytes) {
        long had = writing.getOrDefault(id, 0L);
        if (bytes <= had) {
            return true;
        }
        long others = used - had;
        if (others - finishedBytes() + bytes > quota) {
            return false; // the clips being written alone would pass the quota
        }
        while (others + bytes > quota && !kept.isEmpty()) {
            String oldest = kept.keySet().iterator().next();
            others -= delete(oldest, "quota");
            evicted++;
        }
        writing.put(id, bytes);
        used = others + bytes;
        return true;
    }

    private long finishedBytes() {
        return kept.values().stream().mapToLong(Kept::bytes).sum();
    }

    /** A clip is complete: synced and renamed into place, where it can be served. */
    public synchronized void commit(String id) throws IOException {
        Path part = partFor(id);
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true); // the data is on disk before the name says it is complete
        }
        Path done = dir.resolve(id + DONE);
        try {
            Files.move(part, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("clips: " + dir + " cannot rename atomically", e);
        }
        long size = Files.size(done);
        used += size - writing.getOrDefault(id, 0L);
        writing.remove(id);
        Kept before = kept.remove(id);
        if (before != null) {
            used -= before.bytes();
        }
        kept.put(id, new Kept(size, clock.millis()));
        metrics.count("clips.made");
    }

    /** A clip that could not be made: its partial file is deleted and it is counted. */
    public synchronized void fail(String id, String why) {
        try {
            Files.deleteIfExists(partFor(id));
        } catch (IOException e) {
            LOG.warn("clips: cannot delete {}: {}", partFor(id), e.toString());
        }
        used -= writing.getOrDefault(id, 0L);
        writing.remove(id);
        failed++;
        metrics.count("clips.failed", "cause", why);
    }

    /** Deletes the clips older than the retention. */
    public synchronized void expire() {
        long limit = clock.millis() - maxAgeMs;
        List<String> old = new ArrayList<>();
        kept.forEach((id, k) -> {
            if (k.finishedAt() < limit) {
                old.add(id);
            }
        });
        for (String id : old) {
            delete(id, "age");
            expired++;
        }
    }

    /** A finished clip's file; empty when it is not (or no longer, or not yet) here. */
    public synchronized Optional<Path> find(String id) {
        return kept.containsKey(id) ? Optional.of(dir.resolve(id + DONE)) : Optional.empty();
    }

    public synchronized boolean writing(String id) {
        return writing.containsKey(id);
    }

    public synchronized ClipStats stats() {
        return new ClipStats(kept.size(), used, quota, evicted, expired, discarded, failed);
    }

    private long delete(String id, String cause) {
        Kept k = kept.remove(id);
        try {
            Files.deleteIfExists(dir.resolve(id + DONE));
        } catch (IOException e) {
            LOG.warn("clips: cannot delete clip {}: {}", id, e.toString());
        }
        used -= k.bytes();
        metrics.count("clips.gone", "cause", cause);
        return k.bytes();
    }

    private static String checked(String id) {
        if (!Topics.validId(id)) {
            throw new IllegalArgumentException("clip id: '" + id + "' is not a valid id");
        }
        return id;
    }

    private static String id(Path f) {
        String name = f.getFileName().toString();
        return name.substring(0, name.length() - DONE.length());
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
