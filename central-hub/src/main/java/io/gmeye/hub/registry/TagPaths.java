package io.gmeye.hub.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Tag paths: non-empty segments joined by '/', no spaces or commas (filters list tags with commas). */
public final class TagPaths {
    private TagPaths() {
    }

    public static void check(String path, String field) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(field + ": a tag path is required");
        }
        if (path.length() > 128) {
            throw new IllegalArgumentException(field + ": tag path '" + path.substring(0, 32) + "...' is longer than 128 characters");
        }
        if (path.startsWith("/") || path.endsWith("/") || path.contains("//") || path.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            throw new IllegalArgumentException(field + ": '" + path + "' is not a tag path (segments joined by '/', no spaces or commas)");
        }
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? null : path.substring(0, i);
    }

    public static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count() + 1;
    }

    /** Every tag and all its ancestors: {@code a/b/c} gives a, a/b, a/b/c. */
    public static Set<String> withAncestors(Collection<String> tags) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            List<String> chain = new ArrayList<>();
            for (String p = t; p != null; p = parent(p)) {
                chain.add(p);
            }
            out.addAll(chain);
        }
        return out;
    }
}
