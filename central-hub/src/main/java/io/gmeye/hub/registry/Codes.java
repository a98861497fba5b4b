package io.gmeye.hub.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Strings as small numbers (sites, tags, scene types...), so in-memory views filter with int
 * compares. Numbers are handed out in order of first sight and never reused; reads are lock-free.
 */
public final class Codes {
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> names = new CopyOnWriteArrayList<>();

    public synchronized int code(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            names.add(name);
            ids.put(name, id);
        }
        return id;
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
        return code < 0 ? null : names.get(code);
    }

    public int size() {
        return names.size();
    }
}
