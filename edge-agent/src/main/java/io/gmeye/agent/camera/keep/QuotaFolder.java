package io.gmeye.agent.camera.keep;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of finished MP4 files (event clips, recorded segments) under a disk quota and an age.
 * A file is written under a temporary name ({@code NAME.mp4.part}) and renamed into place once it
 * is synced, so only finished files are ever found; a part left by a crash is deleted at start and
 * counted. Room can be taken before a file grows ({@link #grow}); past the quota the oldest files
 * go first. Every file that goes, or is never made, is counted by cause: never a silent loss.
 * Names are ids, or a folder id and an id ({@code camera/1700000000000}).
 */
public final class QuotaFolder {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaFolder.class);
    public static final String DONE = ".mp4";
    public static final String PART = ".mp4.part";

    /** A finished file: its name (without {@link #DONE}), size and when it was finished (orders eviction and age). */
    public record Kept(String name, long bytes, long at) {
    }

    /** What the folder holds and what it lost since it was opened. */
    public record Stats(int files, long bytes, long quotaBytes, long evicted, long expired, long discarded, long failed, long oldestAt) {
    }

    /** When a file found at start was finished, from its name where it says so, else its modification time. */
    @FunctionalInterface
    public interface Dating {
        long finishedAt(String name, long modifiedMs);
    }

    private static final Comparator<Kept> OLDEST_FIRST = Comparator.comparingLong(Kept::at).thenComparing(Kept::name);

    private final String what;
    private final Path dir;
    private final long quota;
    private final long maxAgeMs;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, Kept> byName = new HashMap<>();
    private final TreeSet<Kept> byAge = new TreeSet<>(OLDEST_FIRST);
    /** Files being written: name to the room taken for them. */
    private final Map<String, Long> writing = new LinkedHashMap<>();
    private Consumer<Kept> gone = k -> { };
    private long used;
    private long evicted;
    private long expired;
    private long discarded;
    private long failed;

    /**
     * Opens the folder: parts are deleted (and counted), finished files kept in age order.
     *
     * @param what names the metrics ({@code WHAT.gone}, {@code WHAT.made}, {@code WHAT.failed}) and the log lines
     */
    public QuotaFolder(String what, Path dir, long quotaBytes, long maxAgeMs, Clock clock, Metrics metrics, Dating dating) {
        this.what = what;
        this.dir = dir;
        this.quota = quotaBytes;
        this.maxAgeMs = maxAgeMs;
        this.clock = clock;
        this.metrics = metrics;
        try {
            Files.createDirectories(dir);
            load(dating);
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    private void load(Dating dating) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            if (name.endsWith(PART)) {
                Files.deleteIfExists(f); // cut short by a crash: never served, never repaired half-way
                discarded++;
                metrics.count(what + ".gone", "cause", "unfinished");
            } else if (name.endsWith(DONE)) {
                String n = name.substring(0, name.length() - DONE.length());
                long modified = Files.getLastModifiedTime(f).toMillis();
                add(new Kept(n, Files.size(f), dating.finishedAt(n, modified)));
            }
        }
        if (discarded > 0) {
            LOG.warn("{}: deleted {} unfinished file(s) left by a crash", what, discarded);
        }
    }

    /** Told of every finished file that goes (evicted or expired), under the folder's lock: keep it short. */
    public synchronized void onGone(Consumer<Kept> listener) {
        this.gone = listener;
    }

    /** The finished files, oldest first. */
    public synchronized List<Kept> kept() {
        return List.copyOf(byAge);
    }

    /** Where a file is written until it is complete (its folder made). */
    public Path partFor(String name) throws IOException {
        Path p = dir.resolve(checked(name) + PART);
        Files.createDirectories(p.getParent());
        return p;
    }

    /**
     * Takes room for a file being written to grow to {@code bytes} in all, deleting the oldest
     * finished files as needed. False when it cannot fit even with every finished file gone.
     */
    public synchronized boolean grow(String name, long bytes) {
        long had = writing.getOrDefault(name, 0L);
        if (bytes <= had) {
            return true;
        }
        long others = used - had;
        if (others - finishedBytes() + bytes > quota) {
            return false; // the files being written alone would pass the quota
        }
        while (others + bytes > quota && !byAge.isEmpty()) {
            others -= delete(byAge.first(), "quota");
            evicted++;
        }
        writing.put(name, bytes);
        used = others + bytes;
        return true;
    }

    /**
     * A file is complete: synced, renamed from its part into place as {@code name}, then the
     * oldest others go while the folder passes its quota.
     */
    public synchronized Kept commit(String part, String name, long at) throws IOException {
        Path from = partFor(part);
        try (FileChannel ch = FileChannel.open(from, StandardOpenOption.WRITE)) {
            ch.force(true); // the data is on disk before the name says it is complete
        }
        Path done = dir.resolve(checked(name) + DONE);
        try {
            Files.move(from, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(what + ": " + dir + " cannot rename atomically", e);
        }
        used -= writing.getOrDefault(part, 0L);
        writing.remove(part);
        Kept before = byName.get(name);
        if (before != null) {
            byAge.remove(before);
            used -= before.bytes();
        }
        Kept k = new Kept(name, Files.size(done), at);
        add(k);
        while (used > quota && byAge.size() > 1) {
            Kept oldest = byAge.first() == k ? byAge.higher(k) : byAge.first();
            delete(oldest, "quota");
            evicted++;
        }
        metrics.count(what + ".made");
        return k;
    }

    /** A file that could not be made: its part is deleted, its room given back, and it is counted by cause. */
    public synchronized void fail(String part, String cause) {
        try {
            Files.deleteIfExists(dir.resolve(checked(part) + PART));
        } catch (IOException e) {
            LOG.warn("{}: cannot delete the part {}: {}", what, part, e.toString());
        }
        used -= writing.getOrDefault(part, 0L);
        writing.remove(part);
        failed++;
        metrics.count(what + ".failed", "cause", cause);
    }

    /** Deletes the files finished before the retention. */
    public synchronized void expire() {
        long limit = clock.millis() - maxAgeMs;
        while (!byAge.isEmpty() && byAge.first().at() < limit) {
            delete(byAge.first(), "age");
            expired++;
        }
    }

    /** A finished file; empty when it is not (or no longer, or not yet) here. */
    public synchronized Optional<Path> find(String name) {
        return byName.containsKey(name) ? Optional.of(dir.resolve(name + DONE)) : Optional.empty();
    }

    public synchronized boolean writing(String part) {
        return writing.containsKey(part);
    }

    public synchronized Stats stats() {
        return new Stats(byName.size(), used, quota, evicted, expired, discarded, failed, byAge.isEmpty() ? 0 : byAge.first().at());
    }

    private void add(Kept k) {
        byName.put(k.name(), k);
        byAge.add(k);
        used += k.bytes();
    }

    private long finishedBytes() {
        return byName.values().stream().mapToLong(Kept::bytes).sum();
    }

    private long delete(Kept k, String cause) {
        byName.remove(k.name());
        byAge.remove(k);
        try {
            Files.deleteIfExists(dir.resolve(k.name() + DONE));
        } catch (IOException e) {
            LOG.warn("{}: cannot delete {}: {}", what, k.name(), e.toString());
        }
        used -= k.bytes();
        metrics.count(what + ".gone", "cause", cause);
        gone.accept(k);
        return k.bytes();
    }

    /** An id, or a folder id and an id: nothing that leaves the folder. */
    private static String checked(String name) {
        String[] parts = name == null ? new String[] {null} : name.split("/", -1);
        if (parts.length > 2 || java.util.Arrays.stream(parts).anyMatch(p -> !Topics.validId(p) || p.equals("..") || p.equals("."))) {
            throw new IllegalArgumentException("'" + name + "' is not a valid id");
        }
        return name;
    }
}
