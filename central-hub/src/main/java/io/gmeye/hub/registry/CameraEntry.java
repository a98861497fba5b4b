package io.gmeye.hub.registry;

import java.util.List;

/**
 * A camera channel in the registry.
 *
 * @param kind what it is (gun, dome, ptz...); free text, also expressible as a tag
 * @param auto true when the hub registered it on first sight in a health report
 */
public record CameraEntry(String id, String site, String name, String kind, List<String> tags, Double lat, Double lon, boolean auto) {
    public CameraEntry {
        Entries.checkId(id, site);
        tags = Entries.tags(tags);
        name = name == null || name.isBlank() ? id : name;
    }

    public static CameraEntry seen(String id, String site, List<String> tags) {
        return new CameraEntry(id, site, null, null, tags, null, null, true);
    }

}
