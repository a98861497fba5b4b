package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.Tag;
import io.gmeye.hub.registry.Tagged;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one applied batch, on the store's writer thread: reads see the last snapshot
 * plus the changes so far, and {@link #build} makes the next snapshot, copying only what changed.
 * Each part is copied on its first change, so a batch of camera health copies the touched
 * chunks of cameras and the sites it heard from, nothing else.
 */
final class EstateDraft {
    private final EstateSnapshot base;
    private Table.Editor<Camera> cameras;
    private Table.Editor<Device> devices;
    private Map<String, SiteState> sites;
    private Map<String, Tag> tags;
    private Map<String, Tagged<CheckpointEntry>> checkpoints;
    private Map<String, Tombstone> removedCameras;
    private Map<String, Tombstone> removedDevices;
    private boolean gatesChanged;

    EstateDraft(EstateSnapshot base) {
        this.base = base;
    }

    EstateSnapshot base() {
        return base;
    }

    boolean changed() {
        return cameras != null || devices != null || sites != null || tags != null || checkpoints != null || removedCameras != null
                || removedDevices != null;
    }

    // ---- reads: the snapshot plus this batch's changes ----

    Camera camera(String id) {
        return cameras != null ? cameras.get(id) : base.cameras.get(id);
    }

    Device device(String id) {
        return devices != null ? devices.get(id) : base.devices.get(id);
    }

    SiteState site(String id) {
        return (sites != null ? sites : base.sites).get(id);
    }

    Tag tag(String path) {
        return (tags != null ? tags : base.tags).get(path);
    }

    Tagged<CheckpointEntry> checkpoint(String id) {
        return (checkpoints != null ? checkpoints : base.checkpoints).get(id);
    }

    Tombstone removedCamera(String id) {
        return (removedCameras != null ? removedCameras : base.removedCameras).get(id);
    }

    Tombstone removedDevice(String id) {
        return (removedDevices != null ? removedDevices : base.removedDevices).get(id);
    }

    void forEachCamera(java.util.function.Consumer<Camera> each) {
        if (cameras != null) {
            cameras.forEach(each);
        } else {
            base.cameras.forEach(each);
        }
    }

    boolean anyRemoved() {
        return !(removedCameras != null ? removedCameras : base.removedCameras).isEmpty()
                || !(removedDevices != null ? removedDevices : base.removedDevices).isEmpty();
    }

    // ---- writes ----

    void camera(Camera c) {
        if (cameras == null) {
            cameras = base.cameras.edit();
        }
        cameras.put(c.id(), c);
    }

    void removeCamera(String id) {
        if (camera(id) != null) {
            if (cameras == null) {
                cameras = base.cameras.edit();
            }
            cameras.remove(id);
        }
    }

    void device(Device d) {
        Device before = device(d.id());
        if (devices == null) {
            devices = base.devices.edit();
        }
        devices.put(d.id(), d);
        gatesChanged |= before == null || before.entry() != d.entry();
    }

    void removeDevice(String id) {
        if (device(id) != null) {
            if (devices == null) {
                devices = base.devices.edit();
            }
            devices.remove(id);
            gatesChanged = true;
        }
    }

    void site(SiteState s) {
        if (sites == null) {
            sites = new HashMap<>(base.sites);
        }
        sites.put(s.id(), s);
    }

    void tag(Tag t) {
        if (tags == null) {
            tags = new HashMap<>(base.tags);
        }
        tags.put(t.path(), t);
        base.dictionary.id(t.path());
    }

    void checkpoint(Tagged<CheckpointEntry> c) {
        if (checkpoints == null) {
            checkpoints = new HashMap<>(base.checkpoints);
        }
        checkpoints.put(c.entry().id(), c);
    }

    void removedCamera(String id, Tombstone t) {
        if (removedCameras == null) {
            removedCameras = new HashMap<>(base.removedCameras);
        }
        removedCameras.put(id, t);
    }

    void removedDevice(String id, Tombstone t) {
        if (removedDevices == null) {
            removedDevices = new HashMap<>(base.removedDevices);
        }
        removedDevices.put(id, t);
    }

    /** The next snapshot; the base is left as it was (readers holding it keep reading it). */
    EstateSnapshot build() {
        Table<Device> devs = devices != null ? devices.build() : base.devices;
        return new EstateSnapshot(base.version + 1, base.siteTimeoutMs, base.judgingSince, base.siteCodes, base.dictionary, frozen(tags, base.tags),
                frozen(sites, base.sites), cameras != null ? cameras.build() : base.cameras, devs, frozen(checkpoints, base.checkpoints),
                gatesChanged ? gates(devs) : base.gates, frozen(removedCameras, base.removedCameras), frozen(removedDevices, base.removedDevices));
    }

    private static <K, V> Map<K, V> frozen(Map<K, V> changed, Map<K, V> base) {
        return changed == null ? base : java.util.Collections.unmodifiableMap(changed);
    }

    /** Checkpoint to its registered gate devices: remade only when a device entry came, went or changed. */
    private static Map<String, List<String>> gates(Table<Device> devices) {
        Map<String, List<String>> out = new HashMap<>();
        devices.forEach(d -> {
            if (d.entry() != null && d.entry().entry().checkpoint() != null) {
                out.computeIfAbsent(d.entry().entry().checkpoint(), k -> new ArrayList<>()).add(d.id());
            }
        });
        return out;
    }
}
