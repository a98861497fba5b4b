package io.gmeye.hub.registry;

import io.gmeye.protocols.topic.Topics;
import java.util.List;

/** Checks shared by registry entries. */
final class Entries {
    private Entries() {
    }

    static void checkId(String id, String site) {
        if (!Topics.validId(id)) {
            throw new IllegalArgumentException("id: '" + id + "' is not a valid id (letters, digits, '_', '.', ':', '-'; up to 64)");
        }
        if (!Topics.validId(site)) {
            throw new IllegalArgumentException("site: '" + site + "' is not a valid site id");
        }
    }

    static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        for (int i = 0; i < tags.size(); i++) {
            TagPaths.check(tags.get(i), "tags[" + i + "]");
        }
        return List.copyOf(tags);
    }
}
