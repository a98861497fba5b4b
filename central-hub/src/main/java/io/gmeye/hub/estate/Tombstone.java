package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.DeviceEntry;

/**
 * What the estate keeps of a removed camera or device: its last entry, so the online-rate
 * history can still place a camera by site and tag up to its removal, and when and by which
 * configuration version it was removed, so a stale report does not bring it back.
 */
public record Tombstone(CameraEntry camera, DeviceEntry device, long at, long configVersion) {
    public String site() {
        return camera != null ? camera.site() : device.site();
    }
}
