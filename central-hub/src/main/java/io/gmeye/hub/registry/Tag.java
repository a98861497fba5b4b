package io.gmeye.hub.registry;

/**
 * A tag of the district's catalog. Tags form a tree by their path: {@code area/guangming/fenghuang}
 * sits under {@code area/guangming}; a filter by a tag matches everything tagged with it or with a
 * tag below it.
 *
 * @param label   the name operators read (zh-CN)
 * @param labelEn the English name, or null
 */
public record Tag(String path, String label, String labelEn) {
    public Tag {
        TagPaths.check(path, "path");
        label = label == null || label.isBlank() ? TagPaths.leaf(path) : label;
    }

    public String parent() {
        return TagPaths.parent(path);
    }
}
