package io.gmeye.hub.devicecommands;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One command to one device, as the hub applies it: validated, recorded, routed to the site's
 * agent. Made at the API edge with its id (the idempotency key from there on), so it can travel
 * as a record in a log and be applied the same everywhere.
 *
 * @param args     as the operator gave them; the apply step checks them against the device type
 * @param deadline hub time until which it may wait for the device
 * @param actor    the operator who sent it
 * @param batch    the batch it is part of, or null
 * @param at       hub time it was asked
 */
public record SendCommand(String commandId, String device, String site, String type, String command, Map<String, Object> args,
                          long deadline, String reason, String actor, String batch, long at) {
    public SendCommand {
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args)); // a null argument is the check's to refuse
    }

    SendCommand withArgs(Map<String, Object> checked) {
        return new SendCommand(commandId, device, site, type, command, checked, deadline, reason, actor, batch, at);
    }
}
