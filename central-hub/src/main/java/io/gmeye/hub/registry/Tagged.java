package io.gmeye.hub.registry;

/** A registry entry with its tags and their ancestors as numbers of the {@link TagDictionary}. */
public record Tagged<E>(E entry, int[] tagIds) {
    public boolean has(int tagId) {
        return TagDictionary.has(tagIds, tagId);
    }
}
