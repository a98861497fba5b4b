package io.gmeye.agent.camera;

import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.config.CameraSpec;

/**
 * A camera the agent found by itself rather than was given: how to pull it ({@code spec}) and
 * what the hub's registry should list of it ({@code source}: protocol, parent device, name, PTZ).
 */
public record FoundCamera(CameraSpec spec, CameraInventory.Source source) {
}
