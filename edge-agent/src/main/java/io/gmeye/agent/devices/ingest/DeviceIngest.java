package io.gmeye.agent.devices.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gmeye.agent.devices.DeviceLink;
import io.gmeye.agent.devices.health.DeviceConnectivity;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.agent.devices.types.TelemetryValidator;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.device.DeviceWire;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.error.GmeyeException;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every device message goes through, whichever protocol brought it: mark the device seen,
 * parse, validate against its type, store in the outbox. The future completes once the message
 * is durable (then, and only then, the endpoint acknowledges), or fails with a reason the
 * device can read. One bad message is refused and counted; it does not cost the device its
 * connection.
 */
public final class DeviceIngest {
    public enum Kind { TELEMETRY, EVENT, STATUS }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String site;
    private final Outbox outbox;
    private final DeviceConnectivity connectivity;
    private final DeviceLink links;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, DeviceEventHandler> eventHandlers = new ConcurrentHashMap<>();

    public DeviceIngest(String site, Outbox outbox, DeviceConnectivity connectivity, DeviceLink links, Clock clock, Metrics metrics) {
        this.site = site;
        this.outbox = outbox;
        this.connectivity = connectivity;
        this.links = links;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Events of this name go to the handler instead of upstream (checkpoint scans, command results). */
    public void handleEvents(String name, DeviceEventHandler handler) {
        eventHandlers.put(name, handler);
    }

    public CompletableFuture<Void> handle(DeviceRegistry.Known device, Kind kind, byte[] payload, String transport) {
        long now = clock.millis();
        if (!connectivity.tracked(device.id())) {
            // removed by the hub's configuration while still connected (or its CoAP resource cached): turned away, counted
            metrics.count("gmeye.devices.messages", "kind", kind.name().toLowerCase(), "transport", transport, "outcome", "unconfigured");
            return CompletableFuture.failedFuture(GmeyeException.forbidden("device " + device.id() + " is no longer configured at this site"));
        }
        connectivity.seen(device.id());
        CompletableFuture<Void> f;
        try {
            Map<String, Object> json = parse(payload);
            f = switch (kind) {
                case TELEMETRY -> telemetry(device, json, now);
                case EVENT -> event(device, json, now);
                case STATUS -> status(device, json);
            };
        } catch (GmeyeException e) {
            f = CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(GmeyeException.of(e));
        }
        return f.whenComplete((v, err) -> count(device, kind, transport, err));
    }

    private void count(DeviceRegistry.Known device, Kind kind, String transport, Throwable err) {
        String outcome;
        if (err == null) {
            outcome = "stored";
        } else if (GmeyeException.of(err).kind().clientError()) {
            outcome = "refused";
            connectivity.rejected(device.id());
        } else {
            outcome = "failed";
        }
        metrics.count("gmeye.devices.messages", "kind", kind.name().toLowerCase(), "transport", transport, "outcome", outcome);
    }

    private CompletableFuture<Void> telemetry(DeviceRegistry.Known device, Map<String, Object> json, long now) {
        Object values = json.get("values");
        Map<String, Object> readings;
        if (values instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            readings = typed;
        } else if (values != null) {
            throw GmeyeException.badRequest("values: expected an object of readings");
        } else {
            readings = new LinkedHashMap<>(json);
            readings.remove("ts");
        }
        Map<String, Object> accepted = TelemetryValidator.validate(device.type(), readings);
        Long deviceTs = json.get("ts") instanceof Number n ? n.longValue() : null;
        var body = new DeviceTelemetry(device.id(), device.type().type(), deviceTs, accepted);
        return outbox.append(Envelope.create(site, device.id(), now, body)).thenApply(seq -> null);
    }

    private CompletableFuture<Void> event(DeviceRegistry.Known device, Map<String, Object> json, long now) {
        if (!(json.get("name") instanceof String name) || name.isBlank()) {
            throw GmeyeException.badRequest("name: an event needs a name (one of " + String.join(", ", device.type().events()) + ")");
        }
        Object data = json.get("data");
        if (data != null && !(data instanceof Map<?, ?>)) {
            throw GmeyeException.badRequest("data: expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> d = data == null ? Map.of() : (Map<String, Object>) data;
        String severity = json.get("severity") instanceof String s ? s : "info";
        DeviceEventIn in = new DeviceEventIn(name, severity, d);
        DeviceEventHandler handler = eventHandlers.get(name);
        if (handler != null) {
            return handler.onEvent(device, in, now);
        }
        if (!device.type().events().contains(name)) {
            throw GmeyeException.badRequest("name: '" + name + "' is not an event of type " + device.type().type()
                    + " (it has " + String.join(", ", device.type().events()) + ")");
        }
        var body = new DeviceEvent(device.id(), device.type().type(), name, severity, d);
        return outbox.append(Envelope.create(site, device.id(), now, body)).thenApply(seq -> null);
    }

    /** A heartbeat: nothing to store (connectivity goes up in batches); a ping is answered on the cmd topic. */
    private CompletableFuture<Void> status(DeviceRegistry.Known device, Map<String, Object> json) {
        if (json.get("ping") instanceof String token && links.reachable(device.id())) {
            byte[] pong = encode(new DeviceCommandMessage(token, DeviceWire.PONG, Map.of("token", token), 0));
            links.send(device.id(), pong);
        }
        return DONE;
    }

    public static byte[] encode(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw GmeyeException.badRequest("payload is empty");
        }
        try {
            Map<String, Object> m = Json.mapper().readValue(payload, MAP);
            if (m == null) {
                throw GmeyeException.badRequest("payload must be a JSON object");
            }
            return m;
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw GmeyeException.badRequest("payload must be a JSON object");
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw GmeyeException.badRequest("payload is not JSON: " + msg);
        }
    }
}
