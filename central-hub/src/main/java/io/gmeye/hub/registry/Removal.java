package io.gmeye.hub.registry;

import java.util.List;

/**
 * Cameras and devices an admin took out of the registry at hub time {@code at}, with the entries
 * the registry held for them. Only ever an admin's intent (a site configuration that drops them,
 * or a DELETE): the hub never guesses a removal from missing reports.
 *
 * @param configVersion the site configuration version that dropped them (their agent reports
 *                      them until it runs that version), 0 when removed by a DELETE
 */
public record Removal(String actor, long at, long configVersion, List<CameraEntry> cameras, List<DeviceEntry> devices) {
    public Removal {
        cameras = List.copyOf(cameras);
        devices = List.copyOf(devices);
    }

    public boolean isEmpty() {
        return cameras.isEmpty() && devices.isEmpty();
    }
}
