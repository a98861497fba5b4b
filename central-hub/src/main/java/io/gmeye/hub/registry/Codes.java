package io.gmeye.hub.registry;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strings as small numbers (sites, tags, scene types, cameras...), so in-memory views filter with
 * int compares. Numbers are handed out in order of first sight and never reused. Lookups are
 * lock-free; a new name costs amortised O(1) (the name array doubles when full).
 */
public final class Codes {
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile String[] names = new String[64];
    private volatile int size;

    public int code(String name) {
        Integer id = ids.get(name);
        return id != null ? id : add(name);
    }

    private synchronized int add(String name) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        String[] n = names;
        if (size == n.length) {
            n = Arrays.copyOf(n, n.length * 2);
        }
        n[size] = name;
        names = n;
        ids.put(name, size); // published after the name is in the array
        return size++;
    }

    /** The number of a name, or -1 when it was never seen; null is -1 too. */
    public int find(String name) {
        return name == null ? -1 : ids.getOrDefault(name, -1);
    }

    /** A name's number, or -1 for null. */
    public int codeOrNone(String name) {
        return name == null ? -1 : code(name);
    }

    public String name(int code) {
        return code < 0 ? null : names[code];
    }

    public int size() {
        return size;
    }
}
