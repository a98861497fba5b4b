package io.gmeye.agent.camera.record;

import io.gmeye.agent.camera.ingest.SegmentExport;
import io.gmeye.agent.camera.keep.QuotaFolder;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recorded segments of every camera, in one {@link QuotaFolder} with a folder per camera:
 * {@code START.mp4.part} while a segment is written, {@code START-END.mp4} (agent times, epoch ms)
 * once it is complete, so only whole segments are listed and exported. Retention by age and by
 * quota, the oldest segments of any camera first, counted. The index of each camera's segments
 * changes under the folder's lock, so it always says what the folder holds.
 */
public final class SegmentStore {
    private record Seg(long end, long bytes) {
    }

    private final QuotaFolder folder;
    private final Map<String, TreeMap<Long, Seg>> cameras = new HashMap<>();

    public SegmentStore(Path dir, long quotaBytes, long maxAgeMs, Clock clock, Metrics metrics) {
        this.folder = new QuotaFolder("recordings", dir, quotaBytes, maxAgeMs, clock, metrics, SegmentStore::endOf);
        synchronized (folder) {
            folder.kept().forEach(this::index);
            folder.onGone(this::unindex);
        }
    }

    /** Where a segment starting at {@code start} is written until it is complete. */
    public Path partFor(String camera, long start) throws IOException {
        return folder.partFor(part(camera, start));
    }

    /**
     * Takes room for a segment being written to grow to {@code bytes} in all, deleting the oldest
     * segments of any camera as needed. False when the segments being written alone would pass the quota.
     */
    public boolean grow(String camera, long start, long bytes) {
        synchronized (folder) {
            return folder.grow(part(camera, start), bytes);
        }
    }

    /**
     * A segment is complete: synced, renamed into place under its first and last packets' times,
     * then the oldest go while recordings pass the quota.
     */
    public void commit(String camera, long partStart, long start, long end) throws IOException {
        synchronized (folder) {
            index(folder.commit(part(camera, partStart), camera + "/" + start + "-" + end, end));
        }
    }

    /** A segment that could not be finished: its part is deleted and counted. */
    public void discard(String camera, long start, String cause) {
        folder.fail(part(camera, start), cause);
    }

    /** Deletes the segments that ended before the retention. */
    public void expire() {
        folder.expire();
    }

    /** The segments and gaps of a camera between two moments; a hole longer than {@code tolerance} between segments is a gap. */
    public Listing list(String camera, long from, long to, long tolerance) {
        List<Listing.Span> segs = new ArrayList<>();
        List<Listing.Span> gaps = new ArrayList<>();
        long covered = from;
        synchronized (folder) {
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
        }
        if (to - covered > tolerance) {
            gaps.add(new Listing.Span(covered, to, 0));
        }
        return new Listing(camera, from, to, segs, gaps);
    }

    /** The segment files that hold any of a camera's video between two moments, oldest first. */
    public List<SegmentExport.Segment> segments(String camera, long from, long to) {
        List<SegmentExport.Segment> out = new ArrayList<>();
        synchronized (folder) {
            for (var e : cameras.getOrDefault(camera, new TreeMap<>()).entrySet()) {
                if (e.getValue().end() >= from && e.getKey() <= to) {
                    folder.find(camera + "/" + e.getKey() + "-" + e.getValue().end())
                            .ifPresent(f -> out.add(new SegmentExport.Segment(f, e.getKey())));
                }
            }
        }
        return out;
    }

    /** What the recordings hold against their quota, and what they lost. */
    public QuotaFolder.Stats stats() {
        return folder.stats();
    }

    /** The folder itself, for the thread that writes into it. */
    QuotaFolder folder() {
        return folder;
    }

    private void index(QuotaFolder.Kept k) {
        Span s = Span.of(k.name());
        if (s != null) {
            cameras.computeIfAbsent(s.camera(), c -> new TreeMap<>()).put(s.start(), new Seg(s.end(), k.bytes()));
        }
    }

    private void unindex(QuotaFolder.Kept k) {
        Span s = Span.of(k.name());
        if (s != null && cameras.containsKey(s.camera())) {
            cameras.get(s.camera()).remove(s.start());
        }
    }

    private static String part(String camera, long start) {
        if (!Topics.validId(camera)) {
            throw new IllegalArgumentException("camera: '" + camera + "' is not a valid id");
        }
        return camera + "/" + start;
    }

    private static long endOf(String name, long modified) {
        Span s = Span.of(name);
        return s == null ? modified : s.end();
    }

    /** A segment's name, {@code CAMERA/START-END}; null for a file that is not one. */
    private record Span(String camera, long start, long end) {
        static Span of(String name) {
            int slash = name.indexOf('/');
            int dash = name.indexOf('-', slash + 1);
            if (slash <= 0 || dash < 0) {
                return null;
            }
            try {
                return new Span(name.substring(0, slash), Long.parseLong(name.substring(slash + 1, dash)),
                        Long.parseLong(name.substring(dash + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
