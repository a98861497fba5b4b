package io.gmeye.agent.checkpoint;

import io.gmeye.agent.devices.registry.DeviceRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which turnstile a sentinel opens: devices that share a checkpoint id, one turnstile per
 * checkpoint (the registry refuses a list with two). Derived from the live registry and derived
 * again when a configuration from the hub replaces the devices, so a new lane pairs at once.
 */
final class CheckpointGates {
    static final String SENTINEL = "sentinel";
    static final String TURNSTILE = DeviceRegistry.TURNSTILE;

    private record Pairing(long generation, Map<String, String> turnstileOfCheckpoint) {
    }

    private final DeviceRegistry registry;
    private volatile Pairing pairing;

    CheckpointGates(DeviceRegistry registry) {
        this.registry = registry;
        this.pairing = derive();
    }

    private Pairing derive() {
        long generation = registry.generation(); // read first: a replace racing this derive is seen next time
        Map<String, String> m = new HashMap<>();
        for (DeviceRegistry.Known k : registry.all()) {
            String cp = k.entry().checkpoint();
            if (TURNSTILE.equals(k.type().type()) && cp != null) {
                m.put(cp, k.id());
            }
        }
        return new Pairing(generation, Map.copyOf(m));
    }

    private Map<String, String> current() {
        Pairing p = pairing;
        if (p.generation() != registry.generation()) {
            p = derive();
            pairing = p;
        }
        return p.turnstileOfCheckpoint();
    }

    Optional<String> turnstileFor(DeviceRegistry.Known sentinel) {
        return Optional.ofNullable(sentinel.entry().checkpoint()).map(current()::get);
    }

    int count() {
        return current().size();
    }
}
