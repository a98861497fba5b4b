package io.gmeye.agent.camera.record;

import io.gmeye.agent.camera.ingest.SegmentExport;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded segments of every camera, one folder per camera: {@code START.mp4.part} while a
 * segment is written, {@code START-END.mp4} (agent times, epoch ms) once it is complete, so only
 * whole segments are listed and exported; a part left by a crash is deleted at start and counted.
 * Retention by age and by quota, the oldest segments of any camera first, counted.
 */
public final class SegmentStore {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentStore.class);
    private static final String PART = ".mp4.part";
    private static final String DONE = ".mp4";

    private record Seg(long end, long bytes) {
    }

    private final Path dir;
    private final long quota;
    private final long maxAgeMs;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, TreeMap<Long, Seg>> cameras = new HashMap<>();
    private long used;
    private long evicted;
    private long expired;
    private long discarded;

    public SegmentStore(Path dir, long quotaBytes, long maxAgeMs, Clock clock, Metrics metrics) {
        this.dir = dir;
        this.quota = quotaBytes;
        this.maxAgeMs = maxAgeMs;
        this.clock = clock;
        this.metrics = metrics;
        try {
            Files.createDirectories(dir);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("recordings: cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> cams = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path cam : cams) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(cam)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        if (name.endsWith(PART)) {
                            Files.deleteIfExists(f); // cut short by a crash: never listed, never exported
                            discarded++;
                            metrics.count("recordings.gone", "cause", "unfinished");
                        } else if (name.endsWith(DONE) && name.indexOf('-') > 0) {
                            String[] t = name.substring(0, name.length() - DONE.length()).split("-");
                            long size = Files.size(f);
                            cameras.computeIfAbsent(cam.getFileName().toString(), k -> new TreeMap<>())
                                    .put(Long.parseLong(t[0]), new Seg(Long.parseLong(t[1]), size));
                            used += size;
                        }
                    }
                }
            }
        }
        if (discarded > 0) {
            LOG.warn("recordings: deleted {} unfinished segment(s) left by a crash", discarded);
        }
    }

    /** Where a segment starting at {@code start} is written until it is complete. */
    public Path partFor(String camera, long start) throws IOException {
        if (!Topics.validId(camera)) {
            throw new IllegalArgumentException("camera: '" + camera + "' is not a valid id");
        }
        Path cam = dir.resolve(camera);
        Files.createDirectories(cam);
        return cam.resolve(start + PART);
    }

    /**
     * A segment is complete: synced, renamed into place under its first and last packets' times,
     * then the oldest go while recordings pass the quota.
     */
    public synchronized void commit(String camera, long partStart, long start, long end) throws IOException {
        Path part = partFor(camera, partStart);
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path done = dir.resolve(camera).resolve(start + "-" + end + DONE);
        Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
        long size = Files.size(done);
        cameras.computeIfAbsent(camera, k -> new TreeMap<>()).put(start, new Seg(end, size));
        used += size;
        while (used > quota) {
            deleteOldest();
            evicted++;
        }
    }

    /** A segment that could not be finished: its part is deleted. */
    public synchronized void discard(String camera, long start) {
        try {
            Files.deleteIfExists(partFor(camera, start));
        } catch (IOException e) {
            LOG.warn("recordings: cannot delete a part of {}: {}", camera, e.toString());
        }
    }

    /** Deletes the segments that ended before the retention. */
    public synchronized void expire() {
        long limit = clock.millis() - maxAgeMs;
        for (var e : cameras.entrySet()) {
            List<Long> old = new ArrayList<>();
            e.getValue().forEach((start, seg) -> {
                if (seg.end() < limit) {
                    old.add(start);
                }
            });
            for (long start : old) {
                delete(e.getKey(), start, "age");
                expired++;
            }
        }
    }

    /** The segments and gaps of a camera between two moments; a hole longer than {@code tolerance} between segments is a gap. */
    public synchronized Listing list(String camera, long from, long to, long tolerance) {
        List<Listing.Span> segs = new ArrayList<>();
        List<Listing.Span> gaps = new ArrayList<>();
        long covered = from;
        for (var e : cameras.getOrDefault(camera, new TreeMap<>()).entrySet()) {
            long start = e.getKey();
            Seg s = e.getValue();
            if (s.end() < from || start > to) {
                continue;
            }
            if (start - covered > tolerance) {
                gaps.add(new Listing.Span(covered, start, 0));
            }
            segs.add(new Listing.Span(start, s.end(), s.bytes()));
            covered = Math.max(covered, s.end());
        }
        if (to - covered > tolerance) {
            gaps.add(new Listing.Span(covered, to, 0));
        }
        return new Listing(camera, from, to, segs, gaps);
    }

    /** The segment files that hold any of a camera's video between two moments, oldest first. */
    public synchronized List<SegmentExport.Segment> segments(String camera, long from, long to) {
        List<SegmentExport.Segment> out = new ArrayList<>();
        for (var e : cameras.getOrDefault(camera, new TreeMap<>()).entrySet()) {
            if (e.getValue().end() >= from && e.getKey() <= to) {
                out.add(new SegmentExport.Segment(dir.resolve(camera).resolve(e.getKey() + "-" + e.getValue().end() + DONE), e.getKey()));
            }
        }
        return out;
    }

    public synchronized long usedBytes() {
        return used;
    }

    public synchronized long evicted() {
        return evicted;
    }

    public synchronized long expired() {
        return expired;
    }

    public synchronized long discarded() {
        return discarded;
    }

    private void deleteOldest() {
        String camera = null;
        long start = Long.MAX_VALUE;
        for (var e : cameras.entrySet()) {
            if (!e.getValue().isEmpty() && e.getValue().firstKey() < start) {
                start = e.getValue().firstKey();
                camera = e.getKey();
            }
        }
        if (camera == null) {
            used = 0;
            return;
        }
        delete(camera, start, "quota");
    }

    private void delete(String camera, long start, String cause) {
        Seg s = cameras.get(camera).remove(start);
        try {
            Files.deleteIfExists(dir.resolve(camera).resolve(start + "-" + s.end() + DONE));
        } catch (IOException e) {
            LOG.warn("recordings: cannot delete a segment of {}: {}", camera, e.toString());
        }
        used -= s.bytes();
        metrics.count("recordings.gone", "cause", cause);
    }
}
