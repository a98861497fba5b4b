package io.gmeye.hub.registry;

import java.util.List;

/**
 * A camera channel in the registry.
 *
 * @param kind     what it is (gun, dome, ptz...); free text, also expressible as a tag
 * @param auto     true when the hub registered it on first sight in a report of its agent
 * @param protocol how its agent reaches it: rtsp (pulled from a URL), gb28181 (a channel of a device that
 *                 registered to the agent) or onvif (discovered)
 * @param parent   the device it belongs to (a GB/T 28181 NVR or IPC, an ONVIF endpoint), or null
 * @param ptz      the camera can pan, tilt and zoom
 */
public record CameraEntry(String id, String site, String name, String kind, List<String> tags, Double lat, Double lon, boolean auto,
                          String protocol, String parent, boolean ptz) {
    public CameraEntry {
        Entries.checkId(id, site);
        tags = Entries.tags(tags);
        name = name == null || name.isBlank() ? id : name;
        protocol = protocol == null ? "rtsp" : protocol; // entries kept before protocols were told apart
    }

    /** An RTSP camera as admins and site configurations register it. */
    public CameraEntry(String id, String site, String name, String kind, List<String> tags, Double lat, Double lon, boolean auto) {
        this(id, site, name, kind, tags, lat, lon, auto, null, null, false);
    }

    static CameraEntry seen(String id, String site, List<String> tags) {
        return new CameraEntry(id, site, null, null, tags, null, null, true);
    }

    /** This entry with what its agent says of where the camera comes from. */
    CameraEntry withSource(String newName, List<String> newTags, String newProtocol, String newParent, boolean newPtz) {
        return new CameraEntry(id, site, newName, kind, newTags, lat, lon, auto, newProtocol, newParent, newPtz);
    }
}
