package io.gmeye.hub.registry;

import java.util.List;

/**
 * A field device in the registry.
 *
 * @param type       the device type (one of the estate's 33: smoke, water_level, sentinel, turnstile...)
 * @param checkpoint the checkpoint a sentinel or turnstile belongs to, else null
 */
public record DeviceEntry(String id, String site, String type, String checkpoint, String name, List<String> tags, boolean auto) {
    public DeviceEntry {
        Entries.checkId(id, site);
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type: is required");
        }
        tags = Entries.tags(tags);
        name = name == null || name.isBlank() ? id : name;
    }

    public static DeviceEntry seen(String id, String site, String type, String checkpoint) {
        return new DeviceEntry(id, site, type == null || type.isBlank() ? "unknown" : type, checkpoint, null, List.of(), true);
    }
}
