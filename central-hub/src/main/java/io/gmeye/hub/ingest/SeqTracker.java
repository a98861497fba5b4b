package io.gmeye.hub.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches one site's outbox sequence numbers for holes. Priority classes drain out of order, so
 * a missing number is only a gap once it has stayed missing for {@code graceMs}; then it is
 * reported once and the watch moves past it. Received numbers are kept as ranges, not one by one.
 */
public final class SeqTracker {
    /** A hole in the sequence: {@code from..to} inclusive never arrived. */
    public record Gap(long from, long to) {
        public long size() {
            return to - from + 1;
        }
    }

    private final long graceMs;
    private long contiguous = -1;                             // every seq <= this has arrived (or was reported missing)
    private final TreeMap<Long, Long> ahead = new TreeMap<>(); // start -> end of ranges received above contiguous
    private long holeSince = -1;                              // when the current hole was first seen
    private long gapsReported;
    private long missingReported;

    public SeqTracker(long graceMs) {
        this.graceMs = graceMs;
    }

    public synchronized List<Gap> observe(long seq, long now) {
        if (seq <= 0) {
            return List.of(); // not sequenced (a client posing as an agent may leave it 0)
        }
        if (contiguous < 0) {
            contiguous = seq - 1; // first sight since the hub started: nothing before it is judged
        }
        if (seq > contiguous) {
            addRange(seq);
            absorb();
        }
        return sweep(now);
    }

    public synchronized List<Gap> sweep(long now) {
        if (ahead.isEmpty()) {
            holeSince = -1;
            return List.of();
        }
        if (holeSince < 0) {
            holeSince = now;
            return List.of();
        }
        if (now - holeSince < graceMs) {
            return List.of();
        }
        List<Gap> gaps = new ArrayList<>();
        Gap g = new Gap(contiguous + 1, ahead.firstKey() - 1);
        gaps.add(g);
        gapsReported++;
        missingReported += g.size();
        contiguous = ahead.firstKey() - 1;
        absorb();
        holeSince = ahead.isEmpty() ? -1 : now;
        return gaps;
    }

    public synchronized long gapsReported() {
        return gapsReported;
    }

    public synchronized long missingReported() {
        return missingReported;
    }

    public synchronized long highestContiguous() {
        return contiguous;
    }

    private void addRange(long seq) {
        Map.Entry<Long, Long> below = ahead.floorEntry(seq);
        if (below != null && below.getValue() >= seq) {
            return; // already have it
        }
        long start = seq;
        long end = seq;
        if (below != null && below.getValue() == seq - 1) {
            start = below.getKey();
            ahead.remove(below.getKey());
        }
        Long aboveStart = ahead.higherKey(seq);
        if (aboveStart != null && aboveStart == seq + 1) {
            end = ahead.remove(aboveStart);
        }
        ahead.put(start, end);
    }

    private void absorb() {
        while (!ahead.isEmpty() && ahead.firstKey() == contiguous + 1) {
            contiguous = ahead.pollFirstEntry().getValue();
            holeSince = -1;
        }
    }
}
