package io.gmeye.agent.devices.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gmeye.agent.devices.DeviceLink;
import io.gmeye.agent.devices.health.DeviceConnectivity;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.device.DeviceType;
import io.gmeye.protocols.device.DeviceWire;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.fields.FieldKind;
import io.gmeye.protocols.fields.FieldSpec;
import io.gmeye.protocols.fields.Fields;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every device message goes through, whichever protocol brought it (MQTT, CoAP, the site's
 * broker): mark the device seen, parse, check every field against its type's declaration, store
 * in the outbox. Only declared fields get past the check, in the form their kind allows: text
 * with ID and mobile numbers masked, person references as their salted hash and masked form;
 * undeclared ones are dropped or refused as the type says, and counted. The future completes
 * once the message is durable (then, and only then, the endpoint acknowledges), or fails with a
 * reason the device can read. One bad message is refused and counted; it does not cost the
 * device its connection.
 */
public final class DeviceIngest {
    public enum Kind { TELEMETRY, EVENT, STATUS }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** A telemetry message's own field besides its readings: the device's clock, a timestamp. */
    private static final Fields DEVICE_TIME = new Fields("a telemetry message", "", Map.of("ts",
            new FieldSpec(FieldKind.TIMESTAMP, null, null, null, null, null, false)), null);
    private static final Set<String> TELEMETRY_KEYS = Set.of("ts", "values");
    private static final Fields EVENT = new Fields("an event", "", Map.of("severity", DeviceWire.SEVERITY), null);
    private static final Set<String> EVENT_KEYS = Set.of("name", "severity", "data");

    private final String site;
    private final Outbox outbox;
    private final DeviceConnectivity connectivity;
    private final DeviceLink links;
    private final Clock clock;
    private final Metrics metrics;
    private final PersonRef persons;
    private final Map<String, DeviceEventHandler> eventHandlers = new ConcurrentHashMap<>();

    /** {@code persons}: the site's salted hash for fields of kind person; null refuses them (no salt configured). */
    public DeviceIngest(String site, Outbox outbox, DeviceConnectivity connectivity, DeviceLink links, Clock clock, Metrics metrics,
                        PersonRef persons) {
        this.site = site;
        this.persons = persons;
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
        Object ts = json.get("ts");
        if (values instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            readings = typed;
            outside(device, "telemetry", json, TELEMETRY_KEYS, "a telemetry message (ts, values)");
        } else if (values != null) {
            throw GmeyeException.badRequest("values: expected an object of readings");
        } else {
            readings = new LinkedHashMap<>(json);
            readings.remove("ts");
        }
        if (readings.isEmpty()) {
            throw GmeyeException.badRequest("values: no readings in the message");
        }
        Long deviceTs = deviceTime(device, ts);
        Map<String, Object> accepted = accepted(device, "telemetry", device.type().readings().check(readings, persons));
        if (accepted.isEmpty()) {
            throw GmeyeException.badRequest("values: none of the readings is declared for type " + device.type().type());
        }
        var body = new DeviceTelemetry(device.id(), device.type().type(), deviceTs, accepted);
        return outbox.append(Envelope.create(site, device.id(), now, body)).thenApply(seq -> null);
    }

    /**
     * The device's clock, kept for reference only: a time outside 2000-2100 (a clock not set, an uptime, or
     * anything else) is left out and counted rather than costing the device its reading.
     */
    private Long deviceTime(DeviceRegistry.Known device, Object ts) {
        if (ts == null) {
            return null;
        }
        Fields.Checked c = DEVICE_TIME.check(Map.of("ts", ts), null);
        if (!c.ok()) {
            metrics.count("gmeye.devices.device_time", "type", device.type().type(), "outcome", "dropped");
            return null;
        }
        return (Long) c.values().get("ts");
    }

    private CompletableFuture<Void> event(DeviceRegistry.Known device, Map<String, Object> json, long now) {
        DeviceType type = device.type();
        if (!(json.get("name") instanceof String name) || name.isBlank()) {
            throw GmeyeException.badRequest("name: an event needs a name (one of " + String.join(", ", type.eventNames()) + ")");
        }
        Object data = json.get("data");
        if (data != null && !(data instanceof Map<?, ?>)) {
            throw GmeyeException.badRequest("data: expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> d = data == null ? Map.of() : (Map<String, Object>) data;
        Object sev = json.get("severity");
        String severity = sev == null ? "info" : (String) accepted(device, "event", EVENT.check(Map.of("severity", sev), null)).get("severity");
        outside(device, "event", json, EVENT_KEYS, "an event (name, severity, data)");
        Map<String, Object> checked = DeviceWire.COMMAND_RESULT.equals(name) ? commandResult(device, d) : eventData(device, name, d);
        DeviceEventIn in = new DeviceEventIn(name, severity, checked);
        DeviceEventHandler handler = eventHandlers.get(name);
        if (handler != null) {
            return handler.onEvent(device, in, now);
        }
        var body = new DeviceEvent(device.id(), type.type(), name, severity, checked);
        return outbox.append(Envelope.create(site, device.id(), now, body)).thenApply(seq -> null);
    }

    private Map<String, Object> eventData(DeviceRegistry.Known device, String name, Map<String, Object> data) {
        Fields declared = device.type().event(name).orElseThrow(() -> GmeyeException.badRequest("name: '" + Fields.safe(name)
                + "' is not an event of type " + device.type().type() + " (it has " + String.join(", ", device.type().eventNames()) + ")"));
        return accepted(device, "event", declared.check(data, persons));
    }

    /** A device's answer to a command: commandId, status, message, and readings of its type as the result. */
    private Map<String, Object> commandResult(DeviceRegistry.Known device, Map<String, Object> data) {
        Map<String, Object> rest = new LinkedHashMap<>(data);
        Object result = rest.remove(DeviceWire.RESULT);
        if (result != null && !(result instanceof Map<?, ?>)) {
            throw GmeyeException.badRequest("data.result: expected an object of readings");
        }
        Map<String, Object> out = new LinkedHashMap<>(accepted(device, "event", device.type().commandResult().check(rest, persons)));
        if (result != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) result;
            out.put(DeviceWire.RESULT, accepted(device, "event", device.type().commandResultValues().check(r, persons, false)));
        }
        return out;
    }

    /**
     * The values that passed, with what was dropped and the personal data masked or hashed
     * counted; throws the refusal, every problem in it, when any field failed (then only the
     * undeclared fields that caused it are counted).
     */
    private Map<String, Object> accepted(DeviceRegistry.Known device, String message, Fields.Checked c) {
        String type = device.type().type();
        if (c.refused() > 0) {
            metrics.count("gmeye.devices.undeclared_fields", c.refused(), "type", type, "message", message, "action", "refused");
        }
        if (!c.ok()) {
            throw GmeyeException.badRequest(String.join("; ", c.problems()));
        }
        if (c.dropped() > 0) {
            metrics.count("gmeye.devices.undeclared_fields", c.dropped(), "type", type, "message", message, "action", "dropped");
        }
        c.personal().forEach((shape, n) -> metrics.count("gmeye.devices.personal_data", n, "type", type, "message", message,
                "shape", shape.name().toLowerCase()));
        if (c.persons() > 0) {
            metrics.count("gmeye.devices.personal_data", c.persons(), "type", type, "message", message, "shape", "person_ref");
        }
        return c.values();
    }

    /** Top-level keys of a message besides its own: undeclared like any other field, dropped or refused as the type says. */
    private void outside(DeviceRegistry.Known device, String message, Map<String, Object> json, Set<String> own, String what) {
        Map<String, Object> extra = new LinkedHashMap<>(json);
        extra.keySet().removeAll(own);
        if (!extra.isEmpty()) {
            accepted(device, message, new Fields(what, "", Map.of(), device.type().undeclared()).check(extra, null));
        }
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
            throw GmeyeException.badRequest("payload is not JSON: " + Fields.safe(msg)); // the parser quotes what it read
        }
    }
}
