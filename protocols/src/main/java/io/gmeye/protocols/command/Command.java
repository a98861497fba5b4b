package io.gmeye.protocols.command;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.Map;

/**
 * A request from the hub to an agent (and through it to a camera or a device). It travels on
 * {@code gm/v1/{site}/down/{name}}.
 *
 * @param target    camera or device id, or the site id for agent-wide commands
 * @param expiresAt hub time after which the agent must not execute it
 */
public record Command(String commandId, String name, String target, Map<String, Object> params, long expiresAt) implements Body {
    public Command {
        Require.text(commandId, "commandId");
        Require.text(name, "name");
        Require.text(target, "target");
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
