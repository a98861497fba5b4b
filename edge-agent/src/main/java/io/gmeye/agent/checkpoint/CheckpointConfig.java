package io.gmeye.agent.checkpoint;

import io.gmeye.platform.config.Validated;
import io.gmeye.protocols.checkpoint.PersonRef;
import java.time.Duration;

/**
 * Smart checkpoints at this site.
 *
 * @param salt             the district's salt for person hashes: scans, and every device field of kind person (the hub's
 *                         whitelists are hashed with the same one); set it through GMEYE_CHECKPOINT_SALT rather than in a file
 * @param whitelistDir     RocksDB folder of the whitelist, relative to the agent's dataDir
 * @param feverCelsius     a scan at or above this temperature is refused and raises a fever alert
 * @param turnstileTimeout how long the agent waits for the turnstile to report passed or timeout
 */
public record CheckpointConfig(boolean enabled, String salt, String whitelistDir, double feverCelsius, Duration turnstileTimeout)
        implements Validated {
    public CheckpointConfig {
        whitelistDir = whitelistDir == null ? "whitelist" : whitelistDir;
        feverCelsius = feverCelsius <= 0 ? 37.3 : feverCelsius;
        turnstileTimeout = turnstileTimeout == null ? Duration.ofSeconds(15) : turnstileTimeout;
    }

    /** The salted hash of person references, or null without a salt (then device fields of kind person are refused). */
    public PersonRef persons() {
        return salt == null ? null : new PersonRef(salt);
    }

    @Override
    public void validate() {
        if ((enabled || salt != null) && (salt == null || salt.length() < 16)) {
            throw new IllegalArgumentException("salt: at least 16 characters are required when checkpoints are enabled "
                    + "(the same salt the hub's whitelist was hashed with; set GMEYE_CHECKPOINT_SALT)");
        }
    }
}
