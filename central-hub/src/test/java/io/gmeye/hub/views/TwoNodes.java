package io.gmeye.hub.views;

import static org.awaitility.Awaitility.await;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.log.KafkaLogConfig;
import io.gmeye.hub.routing.RoutingConfig;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.kafka.KafkaBrokers;
import io.gmeye.rigs.net.FreePorts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Two hub nodes in one JVM on one real Kafka broker (its own JVM) and real Hazelcast routing,
 * sharing a clock, so a test moves time for the whole cluster; known once one of them leads.
 */
public final class TwoNodes implements AutoCloseable {
    private final KafkaBrokers brokers;
    private final TestHub a;
    private final TestHub b;
    private final TestHub leader;

    private TwoNodes(KafkaBrokers brokers, TestHub a, TestHub b, TestHub leader) {
        this.brokers = brokers;
        this.a = a;
        this.b = b;
        this.leader = leader;
    }

    /** Starts the broker and both nodes (log topic {@code topic}) and waits until exactly one leads. */
    public static TwoNodes start(Path dir, District district, Clock clock, String topic, UnaryOperator<HubConfig> tune) throws Exception {
        KafkaBrokers brokers = KafkaBrokers.start(1, dir.resolve("kafka"));
        TestHub a = null;
        TestHub b = null;
        try {
            KafkaLogConfig kafka = new KafkaLogConfig(brokers.bootstrap(), topic, 3, 1, 1, null, null);
            int portA = FreePorts.next();
            int portB = FreePorts.next();
            String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
            a = node(dir, district, clock, "node-a", kafka, RoutingConfig.of(portA, members), tune);
            b = node(dir, district, clock, "node-b", kafka, RoutingConfig.of(portB, members), tune);
            TestHub first = a;
            TestHub second = b;
            TestHub leader = await().atMost(Duration.ofSeconds(60)).until(() -> onlyLeader(first, second), l -> l != null);
            return new TwoNodes(brokers, a, b, leader);
        } catch (Exception | Error e) {
            for (AutoCloseable c : new AutoCloseable[] {b, a, brokers}) {
                if (c != null) {
                    c.close();
                }
            }
            throw e;
        }
    }

    private static TestHub node(Path dir, District district, Clock clock, String name, KafkaLogConfig kafka, RoutingConfig routing,
                                UnaryOperator<HubConfig> tune) throws Exception {
        return TestHub.start(dir.resolve(name), district, clock, c -> tune.apply(c.withCluster(new HubConfig.ClusterSection(name, kafka, routing))));
    }

    /** The one node that leads, or null while none or both do. */
    private static TestHub onlyLeader(TestHub a, TestHub b) {
        List<TestHub> leading = Stream.of(a, b).filter(n -> n.hub().leadership().leading()).toList();
        return leading.size() == 1 ? leading.get(0) : null;
    }

    /** The node that leads (as it was when both had started). */
    public TestHub leader() {
        return leader;
    }

    /** The node that does not lead. */
    public TestHub other() {
        return leader == a ? b : a;
    }

    @Override
    public void close() throws Exception {
        try (KafkaBrokers k = brokers; TestHub first = a; TestHub second = b) {
            // closed in reverse: the nodes, then the broker
        }
    }
}
