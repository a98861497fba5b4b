package io.gmeye.protocols.device;

import io.gmeye.protocols.fields.FieldKind;
import io.gmeye.protocols.fields.FieldSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command a device type obeys, declared in its YAML under {@code commands:} with the same
 * descriptor language as its readings, e.g.
 * {@code dim: {label: "调光", args: {level: {kind: integer, unit: "%", min: 0, max: 100, required: true}}}}.
 *
 * @param label          shown on the console's button; the command's name when left out
 * @param args           the arguments it takes, each with a kind and limits; none when left out
 * @param reasonRequired an operator must say why (remote open of a gate): the hub refuses it without a reason
 * @param agentOnly      sent by the agent itself (a checkpoint's decision opens or denies a turnstile); operators cannot send it
 */
public record CommandSpec(String label, Map<String, FieldSpec> args, boolean reasonRequired, boolean agentOnly) {
    public CommandSpec {
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args)); // declaration order: the console's form
    }

    public static CommandSpec plain() {
        return new CommandSpec(null, null, false, false);
    }

    /** Throws IllegalArgumentException "{path}.{what}: problem" for a declaration that cannot be checked against. */
    public void validate(String path) {
        if (label != null && (label.isBlank() || label.length() > 64)) {
            throw new IllegalArgumentException(path + ".label: 1 to 64 characters");
        }
        new TreeMap<>(args).forEach((n, f) -> {
            if (!n.matches("[a-zA-Z][a-zA-Z0-9_]{0,63}")) {
                throw new IllegalArgumentException(path + ".args." + n + ": an argument name is letters, digits and _");
            }
            f.validate(path + ".args." + n);
            // a command goes from the hub to the site: the hub holds no salt, and a raw number must not travel down either
            if (f.kind() == FieldKind.PERSON) {
                throw new IllegalArgumentException(path + ".args." + n + ": a command argument cannot be of kind person");
            }
        });
        if (agentOnly && reasonRequired) {
            throw new IllegalArgumentException(path + ": a command only the agent sends has no operator to give a reason");
        }
    }
}
