package io.gmeye.hub.log;

import io.gmeye.platform.config.Validated;
import java.time.Duration;

/**
 * The hub's log in Kafka (hub.yaml {@code cluster.kafka}). Defaults are the cluster's design:
 * replication factor 3, writes acknowledged by at least 2 in-sync replicas.
 *
 * @param bootstrap         brokers, host:port,... (required)
 * @param topic             the log's topic
 * @param partitions        partitions when the hub creates the topic (records are keyed by site)
 * @param replicationFactor copies of each partition
 * @param minInsyncReplicas copies that must have a record before it counts as written
 * @param retention         how long the log keeps records: the longest a node may be down and still catch up, and how far back a wiped node can rebuild (-1 ms: forever)
 * @param deliveryTimeout   how long a write may try before the hub gives up and refuses the publish
 */
public record KafkaLogConfig(String bootstrap, String topic, Integer partitions, Integer replicationFactor, Integer minInsyncReplicas,
                             Duration retention, Duration deliveryTimeout) implements Validated {
    public KafkaLogConfig {
        topic = topic == null ? "gmeye.log" : topic;
        partitions = partitions == null ? 12 : partitions;
        replicationFactor = replicationFactor == null ? 3 : replicationFactor;
        minInsyncReplicas = minInsyncReplicas == null ? 2 : minInsyncReplicas;
        retention = retention == null ? Duration.ofDays(7) : retention;
        deliveryTimeout = deliveryTimeout == null ? Duration.ofSeconds(15) : deliveryTimeout;
    }

    public static KafkaLogConfig of(String bootstrap) {
        return new KafkaLogConfig(bootstrap, null, null, null, null, null, null);
    }

    public KafkaLogConfig withTopic(String t, int parts) {
        return new KafkaLogConfig(bootstrap, t, parts, replicationFactor, minInsyncReplicas, retention, deliveryTimeout);
    }

    @Override
    public void validate() {
        if (bootstrap == null || bootstrap.isBlank() || !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException("bootstrap: must be host:port[,host:port...], got '" + bootstrap + "'");
        }
        if (!topic.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("topic: letters, digits, '.', '_' and '-' only, got '" + topic + "'");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException("partitions: must be 1..1000, got " + partitions);
        }
        if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("replicationFactor, minInsyncReplicas: need 1 <= minInsyncReplicas <= replicationFactor, got "
                    + minInsyncReplicas + " and " + replicationFactor);
        }
        if (deliveryTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("deliveryTimeout: at least 1s, got " + deliveryTimeout);
        }
    }
}
