package io.gmeye.agent.siteconfig;

import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.protocols.config.CameraSpec;
import java.util.List;

/** A configuration bundle from the hub once checked: what the agent's features take. */
public record SiteSetup(long version, List<CameraSpec> cameras, List<DeviceEntry> devices, List<SceneConfig> scenes) {
    public SiteSetup {
        cameras = List.copyOf(cameras);
        devices = List.copyOf(devices);
        scenes = List.copyOf(scenes);
    }
}
