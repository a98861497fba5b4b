package io.gmeye.agent.devices.health;

import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Online/offline of every device from the agent's own receive times: a device is offline once
 * it has been silent for {@code offlineAfterHeartbeats} of its type's heartbeat intervals. The
 * device's clock is never consulted, so a device whose clock jumps stays correctly online; when
 * the agent's clock steps back, a device seen "in the future" counts as just seen.
 * Receiving is a couple of field writes (called for every message); judging runs on a timer.
 */
public final class DeviceConnectivity {
    private static final class Track {
        final String device;
        final String type;
        final long offlineAfterMs;
        volatile long lastSeen = -1;
        final AtomicLong rejected = new AtomicLong();
        // judged state, touched only by evaluate() (one caller at a time)
        DeviceState state = DeviceState.OFFLINE;
        long since;
        String reason = "never seen since the agent started";
        boolean reported;

        Track(String device, String type, long offlineAfterMs, long now) {
            this.device = device;
            this.type = type;
            this.offlineAfterMs = offlineAfterMs;
            this.since = now;
        }

        DeviceHealth health() {
            return new DeviceHealth(device, type, state, Math.max(lastSeen, 0), since, reason, rejected.get());
        }
    }

    private final Clock clock;
    private final int offlineAfterHeartbeats;
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();

    public DeviceConnectivity(DeviceRegistry registry, Clock clock, int offlineAfterHeartbeats) {
        this.clock = clock;
        this.offlineAfterHeartbeats = offlineAfterHeartbeats;
        sync(registry);
    }

    /**
     * Follows a changed registry (a configuration from the hub): new devices are tracked from now,
     * removed ones forgotten, devices whose type changed start afresh; the others keep their times.
     */
    public synchronized void sync(DeviceRegistry registry) {
        long now = clock.millis();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (DeviceRegistry.Known k : registry.all()) {
            wanted.add(k.id());
            Track t = tracks.get(k.id());
            if (t == null || !t.type.equals(k.type().type())) {
                long after = k.type().heartbeat().toMillis() * offlineAfterHeartbeats;
                tracks.put(k.id(), new Track(k.id(), k.type().type(), after, now));
            }
        }
        tracks.keySet().retainAll(wanted);
    }

    /** Whether the device is one the agent serves now (a device removed by the hub's configuration is not). */
    public boolean tracked(String device) {
        return tracks.containsKey(device);
    }

    /** A message (good or refused) came from the device: it is alive. */
    public void seen(String device) {
        Track t = tracks.get(device);
        if (t != null) {
            t.lastSeen = clock.millis();
        }
    }

    public void rejected(String device) {
        Track t = tracks.get(device);
        if (t != null) {
            t.rejected.incrementAndGet();
        }
    }

    /** Judges every device now; returns those whose state changed since the last call. */
    public synchronized List<DeviceHealth> evaluate() {
        long now = clock.millis();
        List<DeviceHealth> changed = new ArrayList<>();
        for (Track t : tracks.values()) {
            long seen = t.lastSeen;
            DeviceState next;
            String reason;
            if (seen < 0) {
                next = DeviceState.OFFLINE;
                reason = "never seen since the agent started";
            } else if (seen > now || now - seen <= t.offlineAfterMs) {
                next = DeviceState.ONLINE; // seen > now: the agent's clock stepped back
                reason = null;
            } else {
                next = DeviceState.OFFLINE;
                reason = "silent for " + (now - seen) / 1000 + " s (heartbeat allowance " + t.offlineAfterMs / 1000 + " s)";
            }
            if (next != t.state) {
                t.state = next;
                t.since = now;
                t.reason = reason;
                changed.add(t.health());
            } else if (!t.reported && next == DeviceState.OFFLINE) {
                t.reason = reason;
            }
            t.reported = true;
        }
        return changed;
    }

    /** Every device as last judged. */
    public synchronized List<DeviceHealth> snapshot() {
        List<DeviceHealth> all = new ArrayList<>(tracks.size());
        for (Track t : tracks.values()) {
            all.add(t.health());
        }
        return all;
    }

    public synchronized int online() {
        int n = 0;
        for (Track t : tracks.values()) {
            n += t.state == DeviceState.ONLINE ? 1 : 0;
        }
        return n;
    }

    public int total() {
        return tracks.size();
    }

    public synchronized DeviceState state(String device) {
        Track t = tracks.get(device);
        return t == null ? null : t.state;
    }
}
