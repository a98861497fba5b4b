package io.gmeye.hub.video.clip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Clips fetched from agents, kept at the hub under a bound: a clip comes together in
 * {@code SITE--CLIP.mp4.part} (kept across an outage or a restart, so a fetch goes on where it
 * stopped), is renamed into place when whole and checked, and the least recently served go first
 * when the cache passes its bound. Blocking: call from a worker, never an event loop.
 */
public final class ClipCache {
    static final String DONE = ".mp4";
    static final String PART = ".mp4.part";

    private final Path dir;
    private final long maxBytes;
    private long evicted;

    public ClipCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("clip cache: cannot make " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A whole clip's file; finding it counts as a use (it is evicted last). */
    public synchronized Optional<Path> find(String site, String clip) {
        Path f = dir.resolve(name(site, clip) + DONE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // the clip is still served; it may only go sooner
        }
        return Optional.of(f);
    }

    /** Where a clip comes together; what it holds already is where a fetch goes on from. */
    public Path partFor(String site, String clip) {
        return dir.resolve(name(site, clip) + PART);
    }

    /** A clip is whole and checked: renamed into place, then the least recently used go until the cache is within its bound. */
    public synchronized Path commit(String site, String clip) throws IOException {
        Path done = dir.resolve(name(site, clip) + DONE);
        Files.move(partFor(site, clip), done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        trim(done);
        return done;
    }

    /** Clips evicted for the bound since the hub started. */
    public synchronized long evicted() {
        return evicted;
    }

    private void trim(Path keep) throws IOException {
        List<Path> files = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path f : all) {
                files.add(f);
                total += Files.size(f);
            }
        }
        files.sort(Comparator.comparingLong(ClipCache::modified));
        for (Path f : files) {
            if (total <= maxBytes) {
                break;
            }
            if (f.equals(keep)) {
                continue;
            }
            long size = Files.size(f);
            Files.deleteIfExists(f);
            total -= size;
            evicted++;
        }
    }

    private static String name(String site, String clip) {
        return site + "--" + clip;
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
