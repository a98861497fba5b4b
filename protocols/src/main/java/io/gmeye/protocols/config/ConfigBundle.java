package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;
import java.util.Map;

/**
 * The site's configuration as the hub holds it. Scenes are data (zones, classes, dwell,
 * schedule) that the agent's inspection feature validates.
 */
public record ConfigBundle(long version, List<CameraSpec> cameras, List<DeviceSpec> devices, List<Map<String, Object>> scenes,
                           WhitelistDelta whitelist) implements Body {
    public ConfigBundle {
        cameras = Require.list(cameras);
        devices = Require.list(devices);
        scenes = Require.list(scenes);
    }
}
