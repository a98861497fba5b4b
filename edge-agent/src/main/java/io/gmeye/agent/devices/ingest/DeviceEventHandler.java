package io.gmeye.agent.devices.ingest;

import io.gmeye.agent.devices.registry.DeviceRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * Takes over events of one name (a sentinel's scan, a turnstile's passed, a device's
 * cmd.result) instead of forwarding them upstream as device events. The future completes when
 * whatever the handler keeps is durable; it fails with a GmeyeException the device will see.
 */
public interface DeviceEventHandler {
    CompletableFuture<Void> onEvent(DeviceRegistry.Known device, DeviceEventIn event, long receivedAt);
}
