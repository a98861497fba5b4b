package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.DeviceEntry;
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
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Auto-registration: a camera, device or checkpoint that an agent reports and nobody registered
 * yet enters the registry (marked {@code auto}) in the same write as the report, so every view
 * counts it from its first sight. An admin's import later gives it a name and tags. Ids that are
 * not valid registry ids (an agent's typo) are left out rather than failing the write.
 */
final class AutoRegistration {
    /** The entries this message names that the estate does not hold yet. */
    List<Object> unknown(EstateDraft d, Envelope<?> m) {
        List<Object> out = new ArrayList<>(0);
        String site = m.site();
        Object body = m.body();
        if (body instanceof CameraHealthBatch b) {
            for (CameraHealth h : b.cameras()) {
                camera(d, out, h.camera(), site, List.of());
            }
        } else if (body instanceof DeviceHealthBatch b) {
            for (DeviceHealth h : b.devices()) {
                device(d, out, h.device(), site, h.deviceType(), null);
            }
        } else if (body instanceof DeviceTelemetry t) {
            device(d, out, t.device(), site, t.deviceType(), null);
        } else if (body instanceof DeviceEvent e) {
            device(d, out, e.device(), site, e.deviceType(), null);
        } else if (body instanceof InspectionEvent e) {
            camera(d, out, e.camera(), site, e.tags()); // as reported: judged against the catalog when read (AgentTags)
        } else if (body instanceof CheckpointPass p) {
            checkpoint(d, out, p.checkpoint(), site);
            device(d, out, p.sentinel(), site, "sentinel", p.checkpoint());
            device(d, out, p.turnstile(), site, "turnstile", p.checkpoint());
        } else if (body instanceof CheckpointAlert a) {
            checkpoint(d, out, a.checkpoint(), site);
        }
        return out;
    }

    /**
     * The cameras an inventory adds or changes: new ones enter as auto-registered with the agent's
     * name and tags (as reported: {@link AgentTags} judges them against the catalog when read); for
     * known ones the agent's facts (protocol, parent, PTZ) are taken, and its name and tags only
     * where no admin gave any. {@code registered} is the registry as this record finds it: in apply,
     * the record's own store write (the estate's draft changes only once a round is durable, so a
     * record earlier in the same round, an admin's import, would not be seen and its name lost); in
     * committed, the draft, which by then holds every earlier record of the round.
     */
    List<CameraEntry> sourced(EstateDraft d, Function<String, CameraEntry> registered, Envelope<?> m) {
        if (!(m.body() instanceof CameraInventory inv)) {
            return List.of();
        }
        List<CameraEntry> out = new ArrayList<>(inv.cameras().size());
        for (CameraInventory.Source s : inv.cameras()) {
            if (!Topics.validId(s.camera()) || EstateApplier.stale(d, d.removedCamera(s.camera()), m)) {
                continue;
            }
            List<String> tags = s.tags();
            CameraEntry had = registered.apply(s.camera());
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

    private static void camera(EstateDraft d, List<Object> out, String id, String site, List<String> tags) {
        Camera c = d.camera(id);
        if ((c == null || c.entry() == null) && Topics.validId(id)) {
            out.add(CameraEntry.seen(id, site, tags));
        }
    }

    private static void device(EstateDraft d, List<Object> out, String id, String site, String type, String checkpoint) {
        if (id == null || id.isBlank()) {
            return;
        }
        Device x = d.device(id);
        if ((x == null || x.entry() == null) && Topics.validId(id)) { // the registry's ids were checked once: a known one needs no regex
            out.add(DeviceEntry.seen(id, site, type, checkpoint));
        }
    }

    private static void checkpoint(EstateDraft d, List<Object> out, String id, String site) {
        if (d.checkpoint(id) == null && Topics.validId(id)
                && out.stream().noneMatch(e -> e instanceof CheckpointEntry c && c.id().equals(id))) {
            out.add(CheckpointEntry.seen(id, site));
        }
    }
}
