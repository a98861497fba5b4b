package io.gmeye.agent.devices;

import io.gmeye.protocols.error.GmeyeException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every link to devices (MQTT, CoAP), tried in order; and the place endpoints announce that a
 * device became reachable, so queued commands go out at once.
 */
public final class DeviceLinks implements DeviceLink {
    private final List<DeviceLink> links = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> reachableListeners = new CopyOnWriteArrayList<>();

    public void add(DeviceLink link) {
        links.add(link);
    }

    public void onReachable(Consumer<String> listener) {
        reachableListeners.add(listener);
    }

    /** Called by an endpoint when a device subscribes to, or starts observing, its commands. */
    public void becameReachable(String deviceId) {
        for (Consumer<String> l : reachableListeners) {
            l.accept(deviceId);
        }
    }

    @Override
    public boolean reachable(String deviceId) {
        for (DeviceLink l : links) {
            if (l.reachable(deviceId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletableFuture<Void> send(String deviceId, byte[] payload) {
        for (DeviceLink l : links) {
            if (l.reachable(deviceId)) {
                return l.send(deviceId, payload);
            }
        }
        return CompletableFuture.failedFuture(GmeyeException.unavailable(
                deviceId + " is not connected (no MQTT subscription to its cmd topic, no CoAP observation of /cmd)"));
    }
}
