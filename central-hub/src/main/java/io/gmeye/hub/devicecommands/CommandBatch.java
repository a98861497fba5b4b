package io.gmeye.hub.devicecommands;

import io.gmeye.protocols.command.CommandStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command sent to the devices of a tag or a type: each device's command is tracked on its own
 * ({@code commands}); {@code states} counts them by state, kept in the same write as each change.
 *
 * @param tag      the tag the devices were chosen by (or one below it), or null
 * @param type     the device type they were chosen by, or null
 * @param site     the site they were limited to, or null
 * @param skipped  devices the selection matched whose type has no such command (not commanded)
 * @param states   how many of its commands are in each state now, of those this node holds (each site's share of a batch
 *                 travels in its site's partition and adds its commands when applied)
 */
public record CommandBatch(String id, String command, Map<String, Object> args, String reason, String sentBy, String tag, String type,
                           String site, long createdAt, long deadline, List<String> commands, int skipped, Map<String, Integer> states) {
    /** What the console shows: succeeded, failed (failed, timed out or expired), pending (not ended). */
    public record Summary(int total, int succeeded, int failed, int pending, Map<String, Integer> byState) {
    }

    public CommandBatch {
        args = args == null ? Map.of() : args;
        commands = commands == null ? List.of() : List.copyOf(commands);
        states = states == null ? Map.of() : Map.copyOf(states);
    }

    /** The batch with one of its commands moved from one state to another. */
    CommandBatch moved(CommandStatus from, CommandStatus to) {
        Map<String, Integer> n = new TreeMap<>(states);
        if (from != null) {
            n.computeIfPresent(from.wire(), (k, v) -> v > 1 ? v - 1 : null);
        }
        n.merge(to.wire(), 1, Integer::sum);
        return new CommandBatch(id, command, args, reason, sentBy, tag, type, site, createdAt, deadline, commands, skipped, n);
    }

    /** The batch with these counts. */
    CommandBatch withStates(Map<String, Integer> counts) {
        return new CommandBatch(id, command, args, reason, sentBy, tag, type, site, createdAt, deadline, commands, skipped, counts);
    }

    /** The batch with {@code n} more of its commands held, queued (a site's share applied). */
    CommandBatch queued(int n) {
        Map<String, Integer> counts = new TreeMap<>(states);
        if (n > 0) {
            counts.merge(CommandStatus.QUEUED.wire(), n, Integer::sum);
        }
        return withStates(counts);
    }

    /** The batch as the API and the stream show it: its fields and its summary. */
    public Map<String, Object> view() {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = new LinkedHashMap<>(io.gmeye.protocols.codec.Json.mapper().convertValue(this, Map.class));
        out.put("summary", summary());
        return out;
    }

    public Summary summary() {
        int succeeded = 0;
        int failed = 0;
        int pending = 0;
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (CommandStatus s : CommandStatus.values()) {
            int n = states.getOrDefault(s.wire(), 0);
            byState.put(s.wire(), n);
            if (s == CommandStatus.SUCCEEDED) {
                succeeded += n;
            } else if (s.terminal()) {
                failed += n;
            } else {
                pending += n;
            }
        }
        return new Summary(commands.size(), succeeded, failed, pending, byState);
    }
}
