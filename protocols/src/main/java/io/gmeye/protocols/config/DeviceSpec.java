package io.gmeye.protocols.config;

import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A field device the agent terminates.
 *
 * @param checkpoint the checkpoint a sentinel or turnstile belongs to, else null
 * @param secret     its MQTT password in stored form (sha256$salt$hash, never the password), or null: then the
 *                   agent keeps the credentials its own device registry file has for this id
 */
public record DeviceSpec(String id, String type, String checkpoint, List<String> tags, String secret) {
    public DeviceSpec {
        Require.text(id, "id");
        Require.text(type, "type");
        tags = Require.list(tags);
        if (secret != null && !DeviceSecret.wellFormed(secret)) {
            throw new IllegalArgumentException("secret: not a stored secret (sha256$salt$hash); send the hash, never the password");
        }
    }

    /** A device whose credentials, if any, come from the agent's own registry file. */
    public DeviceSpec(String id, String type, String checkpoint, List<String> tags) {
        this(id, type, checkpoint, tags, null);
    }
}
