package io.gmeye.hub.registry;

import java.util.Arrays;
import java.util.Collection;

/**
 * Tag paths as small numbers, so views can count per tag and filter by tag with int compares over
 * tens of thousands of cameras and a million work items. Every path seen gets a number, in the
 * catalog or not (events may carry tags of their own).
 */
public final class TagDictionary {
    private final Codes codes = new Codes();

    public int id(String path) {
        return codes.code(path);
    }

    /** The number of a path, or -1 when no entity ever carried it. */
    public int find(String path) {
        return codes.find(path);
    }

    public String path(int id) {
        return codes.name(id);
    }

    public int size() {
        return codes.size();
    }

    /** The numbers of the tags and all their ancestors, sorted: what a filter by any of them matches. */
    public int[] expand(Collection<String> tags) {
        if (tags.isEmpty()) {
            return new int[0];
        }
        int[] out = TagPaths.withAncestors(tags).stream().mapToInt(this::id).toArray();
        Arrays.sort(out);
        return out;
    }

    public static boolean has(int[] expanded, int tagId) {
        return tagId >= 0 && Arrays.binarySearch(expanded, tagId) >= 0;
    }
}
