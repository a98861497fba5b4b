package io.gmeye.agent.outbox;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the outbox holds, in memory: per priority class the sequence numbers waiting, their
 * sizes and append times. Lets the uplink pick the next records in drain order and eviction pick
 * victims without scanning RocksDB, where deleted queue heads leave tombstones.
 */
final class PendingIndex {
    record Entry(int size, long appendedAt) {
    }

    record Ref(Priority priority, long seq) {
    }

    private final Map<Priority, TreeMap<Long, Entry>> byPriority = new EnumMap<>(Priority.class);
    private long bytes;
    private long count;

    PendingIndex() {
        for (Priority p : Priority.values()) {
            byPriority.put(p, new TreeMap<>());
        }
    }

    synchronized void add(Priority p, long seq, int size, long appendedAt) {
        if (byPriority.get(p).put(seq, new Entry(size, appendedAt)) == null) {
            bytes += size;
            count++;
        }
    }

    synchronized boolean remove(Priority p, long seq) {
        Entry e = byPriority.get(p).remove(seq);
        if (e != null) {
            bytes -= e.size();
            count--;
            return true;
        }
        return false;
    }

    synchronized boolean contains(Priority p, long seq) {
        return byPriority.get(p).containsKey(seq);
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long count() {
        return count;
    }

    synchronized long count(Priority p) {
        return byPriority.get(p).size();
    }

    /** Earliest append time over all classes, or -1 when empty. */
    synchronized long oldestAppendedAt() {
        long oldest = -1;
        for (TreeMap<Long, Entry> m : byPriority.values()) {
            if (!m.isEmpty()) {
                long t = m.firstEntry().getValue().appendedAt();
                oldest = oldest < 0 ? t : Math.min(oldest, t);
            }
        }
        return oldest;
    }

    /** Up to {@code max} records after each class's cursor, most urgent class first, in order within a class. */
    synchronized List<Ref> next(Map<Priority, Long> after, int max) {
        List<Ref> out = new ArrayList<>(Math.min(max, 1024));
        for (Priority p : Priority.values()) {
            long cursor = after.getOrDefault(p, -1L);
            for (Long seq : byPriority.get(p).tailMap(cursor, false).keySet()) {
                if (out.size() >= max) {
                    return out;
                }
                out.add(new Ref(p, seq));
            }
        }
        return out;
    }

    /**
     * Oldest records of the least valuable classes whose sizes add up to at least {@code toFree}
     * bytes. Alerts are never evicted: with nothing else left to drop, appends are refused instead.
     */
    synchronized List<Ref> evictionVictims(long toFree) {
        List<Ref> out = new ArrayList<>();
        long freed = 0;
        Priority[] order = Priority.values();
        for (int i = order.length - 1; i > Priority.ALERT.ordinal() && freed < toFree; i--) {
            for (Map.Entry<Long, Entry> e : byPriority.get(order[i]).entrySet()) {
                if (freed >= toFree) {
                    break;
                }
                out.add(new Ref(order[i], e.getKey()));
                freed += e.getValue().size();
            }
        }
        return out;
    }
}
