package io.gmeye.rigs.estate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated district estate: the tag catalog, sites with their agents' secrets, cameras,
 * devices and checkpoints. {@link #registryImport()} is the document an admin imports at the hub.
 */
public record District(List<TagDef> tags, List<SiteDef> sites, List<CameraDef> cameras, List<DeviceDef> devices, List<CheckpointDef> checkpoints) {

    public record TagDef(String path, String label, String labelEn) {
    }

    public record SiteDef(String id, String name, String secret, List<String> tags) {
    }

    public record CameraDef(String id, String site, String name, String kind, List<String> tags) {
    }

    public record DeviceDef(String id, String site, String type, String checkpoint, List<String> tags) {
    }

    public record CheckpointDef(String id, String site, String name, List<String> tags) {
    }

    /** The registry import (JSON shape of POST /api/v1/registry/import); secrets stay out. */
    public Map<String, Object> registryImport() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tags", tags);
        List<Map<String, Object>> s = new ArrayList<>();
        for (SiteDef d : sites) {
            s.add(Map.of("id", d.id(), "name", d.name(), "tags", d.tags()));
        }
        doc.put("sites", s);
        doc.put("checkpoints", checkpoints);
        doc.put("cameras", cameras);
        doc.put("devices", devices);
        return doc;
    }

    public List<CameraDef> camerasOf(String site) {
        return cameras.stream().filter(c -> c.site().equals(site)).toList();
    }

    public List<DeviceDef> devicesOf(String site) {
        return devices.stream().filter(d -> d.site().equals(site)).toList();
    }

    public List<CheckpointDef> checkpointsOf(String site) {
        return checkpoints.stream().filter(c -> c.site().equals(site)).toList();
    }
}
