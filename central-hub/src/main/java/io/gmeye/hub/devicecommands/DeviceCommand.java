package io.gmeye.hub.devicecommands;

import io.gmeye.protocols.command.CommandStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An operator's command to one device as the hub keeps it: what was asked, by whom and why, and
 * every state it went through (queued, sent, delivered, then succeeded, failed, timed_out or
 * expired), each with the hub's time and the reason the agent or the hub gave.
 *
 * @param args     the arguments as checked against the device type (what the device gets)
 * @param reason   why the operator sent it (personal numbers masked); required by some commands
 * @param batch    the batch it belongs to, or null
 * @param deadline hub time until which it may wait for its device; after it, it expires
 * @param taken    the site's agent took it (acknowledged it, or reported a state): the hub sends it no more
 * @param endedBy  who judged the final state: "agent", or "hub" (expired or given up while the agent was away)
 */
public record DeviceCommand(String id, String device, String site, String type, String command, Map<String, Object> args, String reason,
                            String sentBy, String batch, CommandStatus state, String message, long createdAt, long updatedAt, long deadline,
                            boolean taken, String endedBy, List<Step> steps) {
    /** One state the command entered. */
    public record Step(CommandStatus state, long at, String message) {
    }

    public DeviceCommand {
        args = args == null ? Map.of() : args;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A new command, queued at the hub. */
    static DeviceCommand queued(SendCommand s, String message) {
        return new DeviceCommand(s.commandId(), s.device(), s.site(), s.type(), s.command(), s.args(), s.reason(), s.actor(), s.batch(),
                CommandStatus.QUEUED, message, s.at(), s.at(), s.deadline(), false, null,
                List.of(new Step(CommandStatus.QUEUED, s.at(), message)));
    }

    /** The command in a new state, the step added. */
    DeviceCommand moved(CommandStatus to, String why, long at, boolean fromAgent) {
        List<Step> more = new ArrayList<>(steps);
        more.add(new Step(to, at, why));
        return new DeviceCommand(id, device, site, type, command, args, reason, sentBy, batch, to, why, createdAt, at, deadline,
                taken || fromAgent, to.terminal() ? (fromAgent ? "agent" : "hub") : null, more);
    }

    /** The same state, now known to be held by the agent. */
    DeviceCommand takenByAgent() {
        return new DeviceCommand(id, device, site, type, command, args, reason, sentBy, batch, state, message, createdAt, updatedAt, deadline,
                true, endedBy, steps);
    }

    boolean ended() {
        return state.terminal();
    }
}
