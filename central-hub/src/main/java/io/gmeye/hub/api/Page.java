package io.gmeye.hub.api;

import java.util.List;

/** A page of a longer list: {@code total} is the length of the whole list. */
public record Page<T>(long total, int offset, List<T> items) {
    public static <T> Page<T> of(List<T> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        return new Page<>(all.size(), offset, List.copyOf(all.subList(from, Math.min(all.size(), from + limit))));
    }
}
