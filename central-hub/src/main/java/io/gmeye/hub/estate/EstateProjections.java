package io.gmeye.hub.estate;

import io.gmeye.hub.ingest.Projection;
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

/**
 * Health messages into state: the latest state of each agent, camera and device, and a
 * transition record each time a camera or device changes state (the online rate over time is
 * computed from these). Heartbeats that change nothing write only the latest state.
 */
public final class EstateProjections {
    /** A state change, on the hub's clock. */
    public record Transition(String entity, String site, String from, String to, String reason, long at) {
    }

    private EstateProjections() {
    }

    public static List<Projection> all(EstateView view) {
        return List.of(agents(view), cameras(view), devices(view), everySite(view));
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
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.CAMERA_HEALTH);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                for (CameraHealth h : ((CameraHealthBatch) m.body()).cameras()) {
                    byte[] key = Keys.of("camera", h.camera());
                    byte[] prev = tx.get(Space.LATEST, key);
                    CameraStatus before = prev == null ? null : EstateView.read(prev, CameraStatus.class);
                    boolean changed = before == null || before.health().state() != h.state();
                    long since = changed ? receivedAt : before.since();
                    tx.put(Space.LATEST, key, EstateView.write(new CameraStatus(m.site(), h, since, receivedAt)));
                    if (changed) {
                        tx.put(Space.TRANSITIONS, Keys.timed("camera|" + h.camera(), receivedAt, m.id()), EstateView.write(new Transition(
                                h.camera(), m.site(), before == null ? null : before.health().state().wire(), h.state().wire(), h.reason(), receivedAt)));
                    }
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                for (CameraHealth h : ((CameraHealthBatch) m.body()).cameras()) {
                    CameraStatus before = view.camera(h.camera());
                    long since = before != null && before.health().state() == h.state() ? before.since() : receivedAt;
                    view.camera(new CameraStatus(m.site(), h, since, receivedAt));
                }
            }
        };
    }

    static Projection devices(EstateView view) {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.DEVICE_HEALTH);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                for (DeviceHealth h : ((DeviceHealthBatch) m.body()).devices()) {
                    byte[] key = Keys.of("device", h.device());
                    byte[] prev = tx.get(Space.LATEST, key);
                    DeviceStatus before = prev == null ? null : EstateView.read(prev, DeviceStatus.class);
                    boolean changed = before == null || before.health().state() != h.state();
                    long since = changed ? receivedAt : before.since();
                    tx.put(Space.LATEST, key, EstateView.write(new DeviceStatus(m.site(), h, since, receivedAt)));
                    if (changed) {
                        tx.put(Space.TRANSITIONS, Keys.timed("device|" + h.device(), receivedAt, m.id()), EstateView.write(new Transition(
                                h.device(), m.site(), before == null ? null : before.health().state().wire(), h.state().wire(), h.reason(), receivedAt)));
                    }
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                for (DeviceHealth h : ((DeviceHealthBatch) m.body()).devices()) {
                    DeviceStatus before = view.device(h.device());
                    long since = before != null && before.health().state() == h.state() ? before.since() : receivedAt;
                    view.device(new DeviceStatus(m.site(), h, since, receivedAt));
                }
            }
        };
    }
}
