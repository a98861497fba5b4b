package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.SiteEntry;
import io.gmeye.hub.registry.Tag;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.agent.AgentHealth;
import java.util.function.BiConsumer;

/**
 * How the estate lies in the store, in one place: registry entries and tombstones (REGISTRY),
 * the latest state of agents, cameras, devices and readings and each site's presence (LATEST).
 * Only the estate's applier writes these keys.
 */
final class EstateRecords {
    static final String TAG = "tag";
    static final String SITE = "site";
    static final String CAMERA = "camera";
    static final String DEVICE = "device";
    static final String CHECKPOINT = "checkpoint";
    static final String REMOVED_CAMERA = "removed.camera";
    static final String REMOVED_DEVICE = "removed.device";
    static final String AGENT = "agent";
    static final String TELEMETRY = "telemetry";
    static final String PRESENCE = "site.presence";

    /** An agent's latest heartbeat and when the hub had it. */
    record StoredAgent(AgentHealth health, long at) {
    }

    /** Who holds a site's agent, since when, when it last went, and the silence going on (-1 none). */
    record Presence(String holder, long connectedSince, long downSince, long silentSince) {
    }

    private EstateRecords() {
    }

    static byte[] key(String kind, String id) {
        return Keys.of(kind, id);
    }

    static void put(WriteTx tx, Space space, String kind, String id, Object value) {
        tx.put(space, Keys.of(kind, id), StoredJson.write(value));
    }

    static <T> T get(WriteTx tx, Space space, String kind, String id, Class<T> type) {
        byte[] v = tx.get(space, Keys.of(kind, id));
        return v == null ? null : StoredJson.read(v, type);
    }

    /** The agent's time of a device's stored reading, or {@link Long#MIN_VALUE} when it has none (read without binding the reading). */
    static long readingTs(WriteTx tx, String device) {
        byte[] v = tx.get(Space.LATEST, Keys.of(TELEMETRY, device));
        return v == null ? Long.MIN_VALUE : StoredJson.readLong(v, "ts", Long.MIN_VALUE);
    }

    static void register(WriteTx tx, Object entry) {
        if (entry instanceof Tag t) {
            put(tx, Space.REGISTRY, TAG, t.path(), t);
        } else if (entry instanceof SiteEntry s) {
            put(tx, Space.REGISTRY, SITE, s.id(), s);
        } else if (entry instanceof CameraEntry c) {
            put(tx, Space.REGISTRY, CAMERA, c.id(), c);
        } else if (entry instanceof DeviceEntry d) {
            put(tx, Space.REGISTRY, DEVICE, d.id(), d);
        } else if (entry instanceof CheckpointEntry c) {
            put(tx, Space.REGISTRY, CHECKPOINT, c.id(), c);
        } else {
            throw new IllegalArgumentException("not a registry entry: " + entry);
        }
    }

    /** Whether the store (with this write's own puts) holds the entry's key. */
    static boolean registered(WriteTx tx, Object entry) {
        if (entry instanceof CameraEntry c) {
            return tx.get(Space.REGISTRY, Keys.of(CAMERA, c.id())) != null;
        }
        if (entry instanceof DeviceEntry d) {
            return tx.get(Space.REGISTRY, Keys.of(DEVICE, d.id())) != null;
        }
        if (entry instanceof CheckpointEntry c) {
            return tx.get(Space.REGISTRY, Keys.of(CHECKPOINT, c.id())) != null;
        }
        throw new IllegalArgumentException("not an auto-registered entry: " + entry);
    }

    /** Visits every stored value of a kind, in key order, with the id its key names. Blocking: at start. */
    static <T> void each(Store store, Space space, String kind, Class<T> type, BiConsumer<String, T> each) {
        int skip = kind.length() + 1;
        store.scan(space, Keys.prefix(kind), false, (k, v) -> {
            each.accept(Keys.text(k).substring(skip), StoredJson.read(v, type));
            return true;
        });
    }
}
