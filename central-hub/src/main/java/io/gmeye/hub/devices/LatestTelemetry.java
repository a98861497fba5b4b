package io.gmeye.hub.devices;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.registry.Removal;
import io.gmeye.hub.registry.RemovalListener;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The latest readings of each device, stored with the message and kept in memory for the device views. */
public final class LatestTelemetry {
    private static final String PREFIX = "telemetry";

    /** A device's latest readings: {@code ts} is the agent's receive time, {@code receivedAt} the hub's. */
    public record Reading(String device, String deviceType, Map<String, Object> values, long ts, long receivedAt) {
    }

    private final Map<String, Reading> latest = new ConcurrentHashMap<>();

    /** Loads the latest readings; blocking, at start. */
    public void load(Store store) {
        store.scan(Space.LATEST, Keys.prefix(PREFIX), false, (k, v) -> {
            Reading r = StoredJson.read(v, Reading.class);
            latest.put(r.device(), r);
            return true;
        });
    }

    public Reading get(String device) {
        return latest.get(device);
    }

    /** A removed device's readings go with it, from the store in the removal's write and from memory once committed. */
    public RemovalListener removals() {
        return new RemovalListener() {
            @Override
            public void write(WriteTx tx, Removal r) {
                r.devices().forEach(d -> tx.delete(Space.LATEST, Keys.of(PREFIX, d.id())));
            }

            @Override
            public void committed(Removal r) {
                r.devices().forEach(d -> latest.remove(d.id()));
            }
        };
    }

    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.DEVICE_TELEMETRY);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                DeviceTelemetry t = (DeviceTelemetry) m.body();
                byte[] key = Keys.of(PREFIX, t.device());
                byte[] prev = tx.get(Space.LATEST, key);
                if (prev == null || StoredJson.read(prev, Reading.class).ts() <= m.ts()) { // a replayed older reading does not win
                    tx.put(Space.LATEST, key, StoredJson.write(reading(m, receivedAt)));
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                Reading r = reading(m, receivedAt);
                latest.merge(r.device(), r, (a, b) -> b.ts() >= a.ts() ? b : a);
            }
        };
    }

    private static Reading reading(Envelope<?> m, long receivedAt) {
        DeviceTelemetry t = (DeviceTelemetry) m.body();
        return new Reading(t.device(), t.deviceType(), t.values(), m.ts(), receivedAt);
    }
}
