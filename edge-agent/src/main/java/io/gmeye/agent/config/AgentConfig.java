package io.gmeye.agent.config;

import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import io.gmeye.protocols.topic.Topics;
import java.time.Duration;

/**
 * The agent's one configuration file (agent.yaml), each feature a section. Environment
 * variables override fields: GMEYE_HUB_URL, GMEYE_HUB_PASSWORD, GMEYE_OUTBOX_MAXBYTES...
 *
 * @param dataDir where the outbox and other state live
 */
public record AgentConfig(String site, String dataDir, UplinkConfig hub, OutboxSection outbox, HealthSection health)
        implements Validated {

    /** @param maxBytes the outbox never grows beyond this: over it, the eviction policy drops the least valuable records, counted */
    public record OutboxSection(ByteSize maxBytes) {
        public OutboxSection {
            maxBytes = maxBytes == null ? new ByteSize(1L << 30) : maxBytes;
        }
    }

    /** @param interval how often the agent's heartbeat goes to the hub */
    public record HealthSection(Duration interval) implements Validated {
        public HealthSection {
            interval = interval == null ? Duration.ofSeconds(10) : interval;
        }

        @Override
        public void validate() {
            if (interval.toMillis() < 100) {
                throw new IllegalArgumentException("interval: at least 100ms, got " + interval.toMillis() + "ms");
            }
        }
    }

    public AgentConfig {
        dataDir = dataDir == null ? "data/agent" : dataDir;
        outbox = outbox == null ? new OutboxSection(null) : outbox;
        health = health == null ? new HealthSection(null) : health;
    }

    @Override
    public void validate() {
        if (!Topics.validId(site)) {
            throw new IllegalArgumentException("site: '" + site + "' is not a valid site id (letters, digits, - _ . :, at most 64)");
        }
        if (hub == null) {
            throw new IllegalArgumentException("hub: is required (url and password of the central hub)");
        }
    }
}
