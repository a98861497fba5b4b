package io.gmeye.hub.devicecommands;

import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.protocols.device.CommandSpec;
import io.gmeye.protocols.device.DeviceType;
import io.gmeye.protocols.fields.Fields;
import io.gmeye.protocols.fields.PersonalData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a command against the device's type, with the descriptor language the agent checks it
 * with again: the command is one the type declares and an operator may send, every argument
 * within its kind and limits, none undeclared, and a reason where the command needs one. Every
 * problem is reported at once, each "field: reason".
 */
public final class CommandCheck {
    static final int REASON_LENGTH = 500;

    /** What a check found: the checked arguments (what the device will get), or the problems. */
    public record Result(Map<String, Object> args, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CommandCheck.class);
    private final DeviceTypeCatalog types;

    public CommandCheck(DeviceTypeCatalog types) {
        this.types = types;
    }

    /**
     * The device types of a folder (hub.yaml's {@code deviceTypes}). A bad file stops the hub with
     * its name and field. A folder named in the file must exist; the default one may be missing (a
     * hub started away from the repository): then no device can be commanded, and every command
     * says why.
     */
    public static CommandCheck load(String folder) {
        java.nio.file.Path dir = java.nio.file.Path.of(folder);
        if (!java.nio.file.Files.isDirectory(dir) && folder.equals(io.gmeye.hub.config.HubConfig.DEFAULT_DEVICE_TYPES)) {
            LOG.warn("no device types at {} (deviceTypes in hub.yaml): devices cannot be commanded until the hub reads them",
                    dir.toAbsolutePath());
            return new CommandCheck(new DeviceTypeCatalog(Map.of()));
        }
        try {
            return new CommandCheck(DeviceTypeCatalog.load(dir));
        } catch (io.gmeye.platform.config.ConfigException e) {
            throw new io.gmeye.platform.config.ConfigException("deviceTypes: " + e.getMessage());
        }
    }

    public Optional<DeviceType> type(String type) {
        return types.find(type);
    }

    public DeviceTypeCatalog catalog() {
        return types;
    }

    /** Checks one command for a device of {@code type}; problems are prefixed with {@code prefix} (empty for one device). */
    public Result check(String type, String command, Map<String, Object> args, String reason) {
        List<String> problems = new ArrayList<>();
        DeviceType t = types.find(type).orElse(null);
        if (t == null) {
            problems.add("command: devices of type " + type + " cannot be commanded: the hub knows no such device type"
                    + (types.size() == 0 ? " (it loaded no device types: see deviceTypes in hub.yaml)" : ""));
            return new Result(Map.of(), problems);
        }
        CommandSpec spec = command == null ? null : t.command(command).filter(c -> !c.agentOnly()).orElse(null);
        if (command == null || command.isBlank()) {
            problems.add("command: is required (type " + type + " has " + operatorCommands(t) + ")");
        } else if (spec == null) {
            problems.add("command: '" + Fields.safe(command) + "' is not a command an operator can send to type " + type + " (it has "
                    + operatorCommands(t) + ")");
        }
        if (reason != null && reason.length() > REASON_LENGTH) {
            problems.add("reason: longer than " + REASON_LENGTH + " characters");
        }
        if (spec != null && spec.reasonRequired() && (reason == null || reason.isBlank())) {
            problems.add("reason: is required for " + command + " (say why: it goes to the audit log)");
        }
        Map<String, Object> checked = Map.of();
        if (spec != null) {
            Fields.Checked c = t.commandArgs(command).orElseThrow().check(args == null ? Map.of() : args, null);
            problems.addAll(c.problems());
            checked = c.values();
        }
        return new Result(checked, List.copyOf(problems));
    }

    /** The reason as kept: trimmed, with personal numbers masked (an operator may paste an ID or a phone number into it). */
    static String keptReason(String reason) {
        return reason == null || reason.isBlank() ? null : PersonalData.scrub(reason.trim()).text();
    }

    private static String operatorCommands(DeviceType t) {
        List<String> names = t.commands().entrySet().stream().filter(e -> !e.getValue().agentOnly()).map(Map.Entry::getKey).toList();
        return names.isEmpty() ? "no commands" : String.join(", ", names);
    }
}
