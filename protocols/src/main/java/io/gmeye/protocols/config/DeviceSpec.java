package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A field device the agent terminates.
 *
 * @param checkpoint the checkpoint a sentinel or turnstile belongs to, else null
 */
public record DeviceSpec(String id, String type, String checkpoint, List<String> tags) {
    public DeviceSpec {
        Require.text(id, "id");
        Require.text(type, "type");
        tags = Require.list(tags);
    }
}
