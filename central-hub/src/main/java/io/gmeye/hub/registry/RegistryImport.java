package io.gmeye.hub.registry;

import java.util.List;

/** What an admin imports (JSON or YAML): entries are added or replaced by id; nothing is removed. */
public record RegistryImport(List<Tag> tags, List<SiteEntry> sites, List<CameraEntry> cameras, List<DeviceEntry> devices,
                             List<CheckpointEntry> checkpoints) {
    public RegistryImport {
        tags = tags == null ? List.of() : tags;
        sites = sites == null ? List.of() : sites;
        cameras = cameras == null ? List.of() : cameras;
        devices = devices == null ? List.of() : devices;
        checkpoints = checkpoints == null ? List.of() : checkpoints;
    }

    public int size() {
        return tags.size() + sites.size() + cameras.size() + devices.size() + checkpoints.size();
    }
}
