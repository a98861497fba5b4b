package io.gmeye.protocols.device;

import io.gmeye.protocols.fields.FieldSpec;
import io.gmeye.protocols.fields.Fields;
import io.gmeye.protocols.fields.Undeclared;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A kind of field device, as data (ThingsBoard calls these profiles), loaded from
 * {@code config/device-types/*.yaml}: its readings and each event's data declared field by
 * field with a kind (the descriptor language of {@link io.gmeye.protocols.fields}), how often it
 * checks in, and the commands it obeys. Nothing a device sends goes further than its
 * declaration: what it does not declare is dropped or refused as {@code undeclared} says.
 *
 * @param undeclared what becomes of fields a reading or event carries that are not declared (refuse when left out)
 * @param fields     the readings (telemetry)
 * @param events     each event's name and the fields of its data (an event without data declares none: {@code tamper: {}})
 * @param commands   each command it obeys, in the order declared, with its arguments (a command without any: {@code turn_on: {}})
 */
public record DeviceType(String type, String name, Duration heartbeat, Undeclared undeclared, Map<String, FieldSpec> fields,
                         Map<String, Map<String, FieldSpec>> events, Map<String, CommandSpec> commands) {
    public DeviceType {
        undeclared = undeclared == null ? Undeclared.REFUSE : undeclared;
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        Map<String, Map<String, FieldSpec>> ev = new TreeMap<>();
        if (events != null) {
            events.forEach((n, f) -> ev.put(n, f == null ? Map.of() : Map.copyOf(f))); // `tamper:` with nothing declares no data
        }
        events = Map.copyOf(ev);
        Map<String, CommandSpec> cmds = new LinkedHashMap<>(); // declaration order: the console shows the buttons so
        if (commands != null) {
            commands.forEach((n, c) -> cmds.put(n, c == null ? CommandSpec.plain() : c));
        }
        commands = Collections.unmodifiableMap(cmds);
    }

    /** A command's declaration; empty when the type has no such command. */
    public Optional<CommandSpec> command(String commandName) {
        return Optional.ofNullable(commands.get(commandName));
    }

    /** The command names in declaration order. */
    public List<String> commandNames() {
        return List.copyOf(commands.keySet());
    }

    /**
     * A command's arguments as a declared set; empty when the type has no such command. Arguments
     * come from operators, so one the command does not declare is refused whatever {@code undeclared} says.
     */
    public Optional<Fields> commandArgs(String commandName) {
        CommandSpec c = commands.get(commandName);
        return c == null ? Optional.empty()
                : Optional.of(new Fields("command " + commandName + " of type " + type, "args.", c.args(), Undeclared.REFUSE));
    }

    /** The readings as a declared set. */
    public Fields readings() {
        return new Fields("type " + type, "", fields, undeclared);
    }

    /** One event's data as a declared set; empty when the type has no such event. */
    public Optional<Fields> event(String eventName) {
        Map<String, FieldSpec> data = events.get(eventName);
        return data == null ? Optional.empty() : Optional.of(new Fields("event " + eventName + " of type " + type, "data.", data, undeclared));
    }

    /** The data of a {@value DeviceWire#COMMAND_RESULT} event besides its result: the same for every type. */
    public Fields commandResult() {
        return new Fields("a command result", "data.", DeviceWire.COMMAND_RESULT_DATA, undeclared);
    }

    /** A command result's {@code result}: readings of this type, none of them required. */
    public Fields commandResultValues() {
        return new Fields("type " + type, "data." + DeviceWire.RESULT + ".", fields, undeclared);
    }

    /** The event names, sorted. */
    public List<String> eventNames() {
        return List.copyOf(new TreeMap<>(events).keySet());
    }

    /** Throws IllegalArgumentException "field: problem" for a descriptor a device cannot be checked against. */
    public void validate() {
        if (type == null || !type.matches("[a-z][a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("type: '" + type + "' must be lower-case letters, digits and _");
        }
        if (heartbeat == null || heartbeat.isZero() || heartbeat.isNegative()) {
            throw new IllegalArgumentException("heartbeat: is required (how often the device checks in, e.g. 5m)");
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields: a device type declares at least one reading");
        }
        fields.forEach((n, f) -> f.validate("fields." + n));
        new TreeMap<>(events).forEach((e, data) -> { // in order: the first problem reported is the same each time
            if (!e.matches("[a-z][a-z0-9_.]{0,63}")) {
                throw new IllegalArgumentException("events." + e + ": an event name is lower-case letters, digits, _ and .");
            }
            if (DeviceWire.COMMAND_RESULT.equals(e)) {
                throw new IllegalArgumentException("events." + e + ": is every type's command result; a type does not declare it");
            }
            data.forEach((n, f) -> f.validate("events." + e + "." + n));
        });
        commands.forEach((c, spec) -> {
            if (!c.matches("[a-z][a-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("commands." + c + ": a command name is lower-case letters, digits and _");
            }
            spec.validate("commands." + c);
        });
    }
}
