package io.gmeye.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.log.KafkaLogConfig;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.rigs.kafka.KafkaBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leadership of three hub nodes from Kafka's group coordination, on a real broker (its own JVM):
 * one node leads at a time, another takes over when it leaves, and the leader counts an
 * incarnation out of the group dead only after the grace period, on its clock.
 */
class KafkaLeadershipIT {
    @TempDir
    Path dir;

    @Test
    void oneNodeLeadsAtATimeAndAnotherTakesOverWhenItLeavesAndItsConnectionsCountEndedAfterTheGrace() throws Exception {
        try (KafkaBrokers brokers = KafkaBrokers.start(1, dir.resolve("kafka"))) {
            KafkaLogConfig config = KafkaLogConfig.of(brokers.bootstrap()).withTopic("leader-test", 3);
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic(config.topic(), 3, (short) 1))).all().get();
            }
            ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
            List<KafkaLeadership> nodes = new ArrayList<>();
            try {
                List<CompletableFuture<Void>> joined = new ArrayList<>();
                for (String n : List.of("node-1@a", "node-2@b", "node-3@c")) {
                    KafkaLeadership l = new KafkaLeadership(config, n, clock);
                    nodes.add(l);
                    joined.add(l.start());
                }
                CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                KafkaLeadership first = await().atMost(Duration.ofSeconds(60)).until(() -> onlyLeader(nodes), l -> l != null);
                List<String> all = nodes.stream().map(KafkaLeadership::self).toList();
                await().atMost(Duration.ofSeconds(20)).until(() -> first.members() != null && first.members().containsAll(all));
                assertThat(first.alive("node-4@gone")).as("out of the group, but not yet for the grace period").isTrue();
                clock.advance(KafkaLeadership.GRACE.plusSeconds(1));
                await().atMost(Duration.ofSeconds(20)).until(() -> !first.alive("node-4@gone"));
                for (KafkaLeadership n : nodes) {
                    assertThat(first.alive(n.self())).as("a member stays alive whatever the clock").isTrue();
                }

                first.close();
                nodes.remove(first);
                KafkaLeadership next = await().atMost(Duration.ofSeconds(60)).until(() -> onlyLeader(nodes), l -> l != null);
                assertThat(next).isNotSameAs(first);
                assertThat(first.leading()).isFalse();
                await().atMost(Duration.ofSeconds(60)).until(() -> next.members() != null && !next.members().contains(first.self())
                        && next.members().containsAll(nodes.stream().map(KafkaLeadership::self).toList()));
                assertThat(next.alive(first.self())).as("first seen out of the group: within the grace").isTrue();
                clock.advance(KafkaLeadership.GRACE.plusSeconds(1));
                await().atMost(Duration.ofSeconds(20)).until(() -> !next.alive(first.self()));
                assertThat(nodes).filteredOn(KafkaLeadership::leading).containsExactly(next);
            } finally {
                nodes.forEach(KafkaLeadership::close);
            }
        }
    }

    /** The one node that leads, or null while none or several do. */
    private static KafkaLeadership onlyLeader(List<KafkaLeadership> nodes) {
        List<KafkaLeadership> leading = nodes.stream().filter(KafkaLeadership::leading).toList();
        return leading.size() == 1 ? leading.get(0) : null;
    }
}
