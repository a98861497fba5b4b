package io.gmeye.hub.registry;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Auto-registration: a camera, device or checkpoint that an agent reports and nobody registered
 * yet enters the registry (marked {@code auto}) in the same write as the report, so every view
 * counts it from its first sight. An admin's import later gives it a name and tags.
 */
public final class RegistryProjection implements Projection {
    private final Registry registry;

    public RegistryProjection(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Set<MessageType> types() {
        return Set.of(MessageType.CAMERA_HEALTH, MessageType.CAMERA_INVENTORY, MessageType.DEVICE_HEALTH, MessageType.DEVICE_TELEMETRY, MessageType.DEVICE_EVENT,
                MessageType.INSPECTION_EVENT, MessageType.CHECKPOINT_PASS, MessageType.CHECKPOINT_ALERT);
    }

    @Override
    public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
        for (CameraEntry c : sourced(m)) {
            tx.put(Space.REGISTRY, key(c), StoredJson.write(c)); // an update of what the registry holds, or a new camera
        }
        for (Object e : unknown(m)) {
            byte[] key = key(e);
            if (tx.get(Space.REGISTRY, key) == null) {
                tx.put(Space.REGISTRY, key, StoredJson.write(e));
            }
        }
    }

    @Override
    public void committed(Envelope<?> m, long receivedAt) {
        sourced(m).forEach(registry::put);
        for (Object e : unknown(m)) {
            if (e instanceof CameraEntry c) {
                registry.put(c);
            } else if (e instanceof DeviceEntry d) {
                registry.put(d);
            } else if (e instanceof CheckpointEntry c) {
                registry.put(c);
            }
        }
    }

    private static byte[] key(Object e) {
        if (e instanceof CameraEntry c) {
            return Keys.of(Registry.CAMERA, c.id());
        }
        if (e instanceof DeviceEntry d) {
            return Keys.of(Registry.DEVICE, d.id());
        }
        return Keys.of(Registry.CHECKPOINT, ((CheckpointEntry) e).id());
    }

    /**
     * The cameras an inventory adds or changes: new ones enter as auto-registered with the agent's
     * name and tags; for known ones the agent's facts (protocol, parent, PTZ) are taken, and its
     * name and tags only where no admin gave any. Computed the same way in apply and committed: the
     * registry changes only after the commit.
     */
    private List<CameraEntry> sourced(Envelope<?> m) {
        if (!(m.body() instanceof CameraInventory inv)) {
            return List.of();
        }
        List<CameraEntry> out = new ArrayList<>(inv.cameras().size());
        for (CameraInventory.Source s : inv.cameras()) {
            if (!Topics.validId(s.camera()) || registry.stale(Registry.CAMERA, s.camera(), m)) {
                continue;
            }
            List<String> tags = s.tags().stream().filter(t -> registry.tag(t) != null).toList();
            CameraEntry had = registry.camera(s.camera());
            CameraEntry next;
            if (had == null) {
                next = CameraEntry.seen(s.camera(), m.site(), tags).withSource(s.name(), tags, s.protocol(), s.parent(), s.ptz());
            } else {
                boolean unnamed = had.name().equals(had.id());
                next = had.withSource(unnamed && s.name() != null ? s.name() : had.name(), had.auto() ? tags : had.tags(), s.protocol(),
                        s.parent(), s.ptz());
            }
            if (!next.equals(had)) {
                out.add(next);
            }
        }
        return out;
    }

    /** The entries this message names that the registry does not hold yet. */
    private List<Object> unknown(Envelope<?> m) {
        List<Object> out = new ArrayList<>(0);
        String site = m.site();
        Object body = m.body();
        if (body instanceof CameraHealthBatch b) {
            for (CameraHealth h : b.cameras()) {
                camera(m, out, h.camera(), site, List.of());
            }
        } else if (body instanceof DeviceHealthBatch b) {
            for (DeviceHealth h : b.devices()) {
                device(m, out, h.device(), site, h.deviceType(), null);
            }
        } else if (body instanceof DeviceTelemetry t) {
            device(m, out, t.device(), site, t.deviceType(), null);
        } else if (body instanceof DeviceEvent e) {
            device(m, out, e.device(), site, e.deviceType(), null);
        } else if (body instanceof InspectionEvent e) {
            camera(m, out, e.camera(), site, e.tags().stream().filter(t -> registry.tag(t) != null).toList());
        } else if (body instanceof CheckpointPass p) {
            checkpoint(out, p.checkpoint(), site);
            device(m, out, p.sentinel(), site, "sentinel", p.checkpoint());
            device(m, out, p.turnstile(), site, "turnstile", p.checkpoint());
        } else if (body instanceof CheckpointAlert a) {
            checkpoint(out, a.checkpoint(), site);
        }
        return out;
    }

    // ids that are not valid registry ids (an agent's typo) are left out rather than failing the write

    // a report made before an admin removed the camera or device does not register it again (Registry#screen)

    private void camera(Envelope<?> m, List<Object> out, String id, String site, List<String> tags) {
        if (!registry.knowsCamera(id) && Topics.validId(id) && !registry.stale(Registry.CAMERA, id, m)) {
            out.add(CameraEntry.seen(id, site, tags));
        }
    }

    private void device(Envelope<?> m, List<Object> out, String id, String site, String type, String checkpoint) {
        if (id != null && !id.isBlank() && !registry.knowsDevice(id) && Topics.validId(id) && !registry.stale(Registry.DEVICE, id, m)) {
            out.add(DeviceEntry.seen(id, site, type, checkpoint));
        }
    }

    private void checkpoint(List<Object> out, String id, String site) {
        if (!registry.knowsCheckpoint(id) && Topics.validId(id)
                && out.stream().noneMatch(e -> e instanceof CheckpointEntry c && c.id().equals(id))) {
            out.add(CheckpointEntry.seen(id, site));
        }
    }
}
