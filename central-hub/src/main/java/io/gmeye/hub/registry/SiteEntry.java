package io.gmeye.hub.registry;

import io.gmeye.protocols.topic.Topics;
import java.util.List;

/** A site's name and tags in the registry (its agent's credentials stay in the hub's configuration). */
public record SiteEntry(String id, String name, List<String> tags) {
    public SiteEntry {
        if (!Topics.validId(id)) {
            throw new IllegalArgumentException("id: '" + id + "' is not a valid site id");
        }
        tags = Entries.tags(tags);
        name = name == null || name.isBlank() ? id : name;
    }
}
