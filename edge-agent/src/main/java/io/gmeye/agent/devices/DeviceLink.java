package io.gmeye.agent.devices;

import java.util.concurrent.CompletableFuture;

/** A way to reach a device with a command: its MQTT session or its CoAP observation. */
public interface DeviceLink {
    /** True when the device can take a command now (subscribed to its cmd topic, or observing /cmd). */
    boolean reachable(String deviceId);

    /**
     * Sends a command payload. Completes when the device acknowledged receipt (MQTT PUBACK, CoAP
     * ACK of a confirmable notification); fails at once with a reason when it is not reachable.
     */
    CompletableFuture<Void> send(String deviceId, byte[] payload);
}
