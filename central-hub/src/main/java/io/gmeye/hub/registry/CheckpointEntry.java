package io.gmeye.hub.registry;

import java.util.List;

/** A smart checkpoint (sentinel + turnstile gates) in the registry. */
public record CheckpointEntry(String id, String site, String name, List<String> tags, boolean auto) {
    public CheckpointEntry {
        Entries.checkId(id, site);
        tags = Entries.tags(tags);
        name = name == null || name.isBlank() ? id : name;
    }

    public static CheckpointEntry seen(String id, String site) {
        return new CheckpointEntry(id, site, null, List.of(), true);
    }
}
