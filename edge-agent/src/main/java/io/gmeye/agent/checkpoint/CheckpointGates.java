package io.gmeye.agent.checkpoint;

import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Which turnstile a sentinel opens: devices that share a checkpoint id, one turnstile per checkpoint. */
final class CheckpointGates {
    static final String SENTINEL = "sentinel";
    static final String TURNSTILE = "turnstile";

    private final Map<String, String> turnstileOfCheckpoint = new HashMap<>();

    CheckpointGates(DeviceRegistry registry) {
        for (DeviceRegistry.Known k : registry.all()) {
            String cp = k.entry().checkpoint();
            if (TURNSTILE.equals(k.type().type()) && cp != null) {
                String other = turnstileOfCheckpoint.put(cp, k.id());
                if (other != null) {
                    throw new ConfigException("devices: checkpoint " + cp + " has two turnstiles (" + other + ", " + k.id()
                            + "); give each lane its own checkpoint id");
                }
            }
        }
    }

    Optional<String> turnstileFor(DeviceRegistry.Known sentinel) {
        return Optional.ofNullable(sentinel.entry().checkpoint()).map(turnstileOfCheckpoint::get);
    }

    int count() {
        return turnstileOfCheckpoint.size();
    }
}
