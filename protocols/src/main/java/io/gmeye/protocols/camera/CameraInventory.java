package io.gmeye.protocols.camera;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * Cameras the agent found by itself (GB/T 28181 channels of devices that registered, ONVIF
 * cameras it discovered), with what the registry lists of them. Sent in parts when the agent's
 * list changes and after it connects; it adds and updates, it never removes (removal is an
 * admin's act).
 */
public record CameraInventory(List<Source> cameras) implements Body {
    public CameraInventory {
        cameras = Require.list(cameras);
    }

    /**
     * @param protocol rtsp, gb28181 or onvif
     * @param parent   the device it belongs to (a GB/T 28181 NVR or IPC id, an ONVIF endpoint), or null
     * @param tags     tags the agent gives it (civil code mapped to a tag, the section's tags)
     * @param ptz      the camera can pan, tilt or zoom
     */
    public record Source(String camera, String name, String protocol, String parent, List<String> tags, boolean ptz) {
        public static final java.util.Set<String> PROTOCOLS = java.util.Set.of("rtsp", "gb28181", "onvif");

        public Source {
            Require.text(camera, "camera");
            Require.optional(name, "name");
            Require.optional(parent, "parent");
            protocol = protocol == null ? "rtsp" : protocol;
            if (!PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("protocol: '" + protocol + "' (rtsp, gb28181 or onvif)");
            }
            tags = Require.list(tags);
            tags.forEach(t -> Require.text(t, "tags[]"));
        }
    }
}
