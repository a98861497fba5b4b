package io.gmeye.hub.estate;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Removal;
import io.gmeye.hub.registry.RemovalListener;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Health messages into state: the latest state of each agent, camera and device, and a
 * transition record each time a camera or device changes state (the online rate over time is
 * computed from these). Heartbeats that change nothing write only the latest state.
 */
public final class EstateProjections {
    /** A state change, on the hub's clock. */
    public record Transition(String entity, String site, String from, String to, String reason, long at) {
    }

    /** The state a transition goes {@code to} when an admin removed the camera or device from the registry. */
    public static final String REMOVED = "removed";

    private EstateProjections() {
    }

    public static List<Projection> all(EstateView view) {
        return List.of(agents(view), cameras(view), devices(view), everySite(view));
    }

    /**
     * Removed cameras and devices: their stored latest state is deleted in the removal's write (a
     * restart does not bring them back), a 'removed' transition is stored at the removal time,
     * and the view forgets them once it is committed.
     */
    public static RemovalListener removals(EstateView view) {
        return new RemovalListener() {
            @Override
            public void write(WriteTx tx, Removal r) {
                String why = "removed from the registry by " + r.actor();
                for (CameraEntry c : r.cameras()) {
                    forget(tx, "camera", c.id(), c.site(), CameraStatus.class, s -> s.health().state().wire(), CameraStatus::site, why, r.at());
                }
                for (DeviceEntry d : r.devices()) {
                    forget(tx, "device", d.id(), d.site(), DeviceStatus.class, s -> s.health().state().wire(), DeviceStatus::site, why, r.at());
                }
            }

            @Override
            public void committed(Removal r) {
                r.cameras().forEach(c -> view.cameras().remove(c.id()));
                r.devices().forEach(d -> view.devices().remove(d.id()));
            }
        };
    }

    private static <S> void forget(WriteTx tx, String kind, String id, String site, Class<S> type, Function<S, String> state,
                                   Function<S, String> siteOf, String why, long at) {
        byte[] key = Keys.of(kind, id);
        byte[] prev = tx.get(Space.LATEST, key);
        S before = prev == null ? null : EstateView.read(prev, type);
        tx.delete(Space.LATEST, key);
        tx.put(Space.TRANSITIONS, Keys.timed(kind + "|" + id, at, REMOVED), EstateView.write(new Transition(id,
                before == null ? site : siteOf.apply(before), before == null ? null : state.apply(before), REMOVED, why, at)));
    }

    static Projection everySite(EstateView view) {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.values());
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                view.seen(m.site(), receivedAt);
            }
        };
    }

    static Projection agents(EstateView view) {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.AGENT_HEALTH);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                tx.put(Space.LATEST, Keys.of("agent", m.site()), EstateView.write(new EstateView.StoredAgent((AgentHealth) m.body(), receivedAt)));
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                view.agentHealth(m.site(), (AgentHealth) m.body(), receivedAt, m.ts());
            }
        };
    }

    static Projection cameras(EstateView view) {
        return new LatestStateProjection<>(new LatestStateProjection.Kind<CameraHealth, CameraStatus>(MessageType.CAMERA_HEALTH, "camera",
                b -> ((CameraHealthBatch) b).cameras(), CameraHealth::camera, h -> h.state().wire(), CameraHealth::reason,
                CameraStatus.class, c -> c.health().state().wire(), CameraStatus::since, CameraStatus::new), view::camera, view::camera);
    }

    static Projection devices(EstateView view) {
        return new LatestStateProjection<>(new LatestStateProjection.Kind<DeviceHealth, DeviceStatus>(MessageType.DEVICE_HEALTH, "device",
                b -> ((DeviceHealthBatch) b).devices(), DeviceHealth::device, h -> h.state().wire(), DeviceHealth::reason,
                DeviceStatus.class, d -> d.health().state().wire(), DeviceStatus::since, DeviceStatus::new), view::device, view::device);
    }
}
