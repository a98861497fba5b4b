package io.gmeye.agent.devices.registry;

import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.protocols.topic.Topics;
import java.util.List;

/**
 * A device the agent terminates, with its credentials.
 *
 * @param secret     MQTT password in stored form ({@link DeviceSecret}: sha256$salt$hash), null if the device has no MQTT login
 * @param psk        DTLS pre-shared key (text) for CoAP over DTLS, identity = id; null for none.
 *                   DTLS needs the key itself, so it is kept as given: protect the registry file
 * @param checkpoint the checkpoint a sentinel or turnstile belongs to, else null
 */
public record DeviceEntry(String id, String type, String secret, String psk, String checkpoint, List<String> tags) {
    public DeviceEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    void validate() {
        if (!Topics.validId(id)) {
            throw new IllegalArgumentException("id: '" + id + "' is not a valid device id (letters, digits, _ . : -, up to 64)");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException(id + ".type: is required");
        }
        if (secret != null && !DeviceSecret.wellFormed(secret)) {
            throw new IllegalArgumentException(id + ".secret: not a stored secret (sha256$salt$hash); store the hash, never the password");
        }
        if (psk != null && psk.length() < 8) {
            throw new IllegalArgumentException(id + ".psk: shorter than 8 characters");
        }
    }
}
