package io.gmeye.protocols.device;

import io.gmeye.protocols.fields.FieldSpec;
import java.util.Map;

/**
 * What field devices send and receive at the agent, over MQTT ({@code dev/v1/{id}/...}) and CoAP
 * ({@code /v1/{id}/...}). Devices do not speak envelopes: they send small JSON objects.
 *
 * <ul>
 *   <li>telemetry: {@code {"ts": 1712345678901, "values": {"smoke": 0.02}}}; the flat form
 *       {@code {"smoke": 0.02}} is accepted too ({@code ts}, the device's clock, is optional and
 *       only kept for reference)</li>
 *   <li>event: {@code {"name": "tamper", "severity": "warning", "data": {...}}}: the name one of the type's
 *       events, severity info, warning or critical (info when left out), data the fields the type declares
 *       for that event</li>
 *   <li>status: {@code {"status": "ok"}}; a heartbeat. {@code {"ping": "t1"}} asks the agent to
 *       answer {@code {"name": "pong", "token": "t1"}} on the command topic (a link check)</li>
 *   <li>commands to the device (cmd): a {@link DeviceCommandMessage}; the device answers with an
 *       event named {@value #COMMAND_RESULT} carrying {@code commandId}, {@code status}
 *       (succeeded or failed), an optional {@code message} (text) and an optional {@code result}: readings of
 *       the device's type (what read_now or locate found), checked as readings are</li>
 * </ul>
 *
 * Checkpoints: a sentinel sends the event {@value #SCAN} with data {@code credential} (id_card,
 * face, code), {@code ref} (the person reference: an ID number), {@code healthCode} (green,
 * yellow, red) and {@code temperature}; its turnstile gets the command {@value #OPEN} or
 * {@value #DENY} with param {@code passId}, and reports the event {@value #PASSED} or
 * {@value #TIMEOUT} with data {@code passId}.
 */
public final class DeviceWire {
    public static final String COMMAND_RESULT = "cmd.result";
    public static final String PONG = "pong";
    public static final String SCAN = "scan";
    public static final String OPEN = "open";
    public static final String DENY = "deny";
    public static final String PASSED = "passed";
    public static final String TIMEOUT = "timeout";
    /** An event's severity. */
    public static final FieldSpec SEVERITY = FieldSpec.words(false, "info", "warning", "critical");
    /** The data of a {@value #COMMAND_RESULT} event besides its {@code result}, the same for every type. */
    public static final Map<String, FieldSpec> COMMAND_RESULT_DATA = Map.of(
            "commandId", FieldSpec.text(64, true),
            "status", FieldSpec.words(true, "succeeded", "failed"),
            "message", FieldSpec.text(256, false));
    public static final String RESULT = "result";

    private DeviceWire() {
    }
}
