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
