package io.gmeye.hub.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.rigs.kafka.KafkaBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's log on three real Kafka brokers (separate JVMs started by ./run cluster's script),
 * with two or three nodes, each its own RocksDB store applying every partition.
 */
class KafkaLogIT {
    static KafkaBrokers brokers;
    @TempDir
    static Path dir;

    @BeforeAll
    static void brokers() throws Exception {
        brokers = KafkaBrokers.start(3, dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    /** One hub node's log side: its store, its log, its applier. */
    final class Node implements AutoCloseable {
        final String name;
        final Path data;
        final RocksStore store;
        final KafkaLog log;
        final CountingApplier applier = new CountingApplier();
        final CompletableFuture<Void> ready;

        Node(String name, String topic, int partitions) {
            this.name = name;
            this.data = dir.resolve(topic).resolve(name);
            this.store = new RocksStore(data, true, Metrics.NOOP);
            this.log = new KafkaLog(KafkaLogConfig.of(brokers.bootstrap()).withTopic(topic, partitions), store, name, Metrics.NOOP);
            this.ready = log.start(applier);
        }

        long applied() {
            return CountingApplier.number(store.get(Space.META, CountingApplier.APPLIED));
        }

        long outOfOrder() {
            return CountingApplier.number(store.get(Space.META, CountingApplier.OUT_OF_ORDER));
        }

        @Override
        public void close() {
            log.close();
            store.close();
        }
    }

    private static LogRecord publish(String node, int site, long seq) {
        return LogRecord.of(LogRecord.Kind.PUBLISH, "site-" + site, System.currentTimeMillis(), node,
                ("site-" + site + "|" + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** Appends {@code n} records spread over 20 sites, each site's in sequence after {@code seqs}; waits for every acknowledgement. */
    private static void appendSpread(Node via, int n, Map<Integer, Long> seqs) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int site = i % 20;
            acks.add(via.log.append(publish(via.name, site, seqs.merge(site, 1L, Long::sum))));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void everyNodeAppliesEveryRecordOnceInEachSitesOrderAlsoWithABrokerKilled() throws Exception {
        try (Node a = new Node("node-a", "spread", 6); Node b = new Node("node-b", "spread", 6)) {
            a.ready.get();
            b.ready.get();
            Map<Integer, Long> seqs = new HashMap<>();
            appendSpread(a, 5_000, seqs);
            await().atMost(Duration.ofSeconds(60)).until(() -> a.applied() == 5_000 && b.applied() == 5_000);

            brokers.kill(2); // RF 3, min.insync 2: writes go on
            try {
                appendSpread(b, 2_000, seqs);
                await().atMost(Duration.ofSeconds(60)).until(() -> a.applied() == 7_000 && b.applied() == 7_000);
            } finally {
                brokers.start(2);
            }
            assertThat(a.outOfOrder()).isZero();
            assertThat(b.outOfOrder()).isZero();
            // each record once: ids held equal records applied, on both nodes
            assertThat(countIds(a)).isEqualTo(7_000);
            assertThat(countIds(b)).isEqualTo(7_000);
        }
    }

    private static long countIds(Node n) {
        long[] count = {0};
        n.store.scan(Space.MESSAGES, new byte[0], false, (k, v) -> ++count[0] > 0);
        return count[0];
    }

    @Test
    void twoNodesClaimingOneThingGetOneSuccessAndTheSameConflictEverywhere() throws Exception {
        try (Node a = new Node("node-a", "claims", 3); Node b = new Node("node-b", "claims", 3)) {
            a.ready.get();
            b.ready.get();
            CompletableFuture<Object> ann = a.log.appendAndApply(LogRecord.of(LogRecord.Kind.COMMAND, "site-1", System.currentTimeMillis(), "node-a",
                    "claim|item-1|ann".getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<Object> bob = b.log.appendAndApply(LogRecord.of(LogRecord.Kind.COMMAND, "site-1", System.currentTimeMillis(), "node-b",
                    "claim|item-1|bob".getBytes(StandardCharsets.UTF_8)));
            CompletableFuture.allOf(ann, bob).handle((v, e) -> null).get();
            List<Object> won = new ArrayList<>();
            List<Throwable> lost = new ArrayList<>();
            for (CompletableFuture<Object> f : List.of(ann, bob)) {
                try {
                    won.add(f.join());
                } catch (CompletionException e) {
                    lost.add(e.getCause());
                }
            }
            assertThat(won).hasSize(1);
            assertThat(lost).hasSize(1);
            assertThat(lost.get(0)).isInstanceOf(GmeyeException.class).hasMessageContaining("already claimed by " + won.get(0));
            assertThat(((GmeyeException) lost.get(0)).kind()).isEqualTo(ErrorKind.CONFLICT);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.store.get(Space.META, Keys.of("claim", "item-1")) != null
                    && b.store.get(Space.META, Keys.of("claim", "item-1")) != null);
            assertThat(Keys.text(a.store.get(Space.META, Keys.of("claim", "item-1")))).isEqualTo(won.get(0));
            assertThat(Keys.text(b.store.get(Space.META, Keys.of("claim", "item-1")))).isEqualTo(won.get(0));
        }
    }

    @Test
    void aRecordAsLargeAsAnAgentsBiggestPublishGoesThroughToEveryNode() throws Exception {
        try (Node a = new Node("node-a", "large", 1); Node b = new Node("node-b", "large", 1)) {
            a.ready.get();
            b.ready.get();
            byte[] body = new byte[6 * 1024 * 1024]; // a snapshot publish near the MQTT limit, beyond Kafka's default 1 MB
            byte[] head = "site-1|1|".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(head, 0, body, 0, head.length);
            java.util.Arrays.fill(body, head.length, body.length, (byte) 'x');
            a.log.append(LogRecord.of(LogRecord.Kind.PUBLISH, "site-1", System.currentTimeMillis(), "node-a", body)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.applied() == 1 && b.applied() == 1);
        }
    }

    @Test
    void aNodeRestartedBehindCatchesUpBeforeItServes() throws Exception {
        Map<Integer, Long> seqs = new HashMap<>();
        try (Node a = new Node("node-a", "behind", 6)) {
            a.ready.get();
            Node b = new Node("node-b", "behind", 6);
            b.ready.get();
            appendSpread(a, 1_000, seqs);
            await().atMost(Duration.ofSeconds(30)).until(() -> b.applied() == 1_000);
            b.close();
            appendSpread(a, 20_000, seqs);
            long t0 = System.nanoTime();
            try (Node again = new Node("node-b", "behind", 6)) {
                again.ready.get();
                double seconds = (System.nanoTime() - t0) / 1e9;
                // restore before serving: start completes only with everything the log held then applied
                assertThat(again.applied()).isEqualTo(21_000);
                assertThat(again.outOfOrder()).isZero();
                System.out.printf("caught up 20,000 records in %.2f s (%.0f records/s)%n", seconds, 20_000 / seconds);
            }
        }
    }

    @Test
    void aWipedNodeRebuildsFromTheLogOrSaysWhyItCannot() throws Exception {
        try (Node a = new Node("node-a", "wiped", 3)) {
            a.ready.get();
            appendSpread(a, 1_000, new HashMap<>());
            try (Node fresh = new Node("node-b", "wiped", 3)) {
                fresh.ready.get();
                assertThat(fresh.applied()).isEqualTo(1_000);
            }
            // what retention does to old records: the log now starts after them
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap());
            try (Admin admin = Admin.create(p)) {
                Map<TopicPartition, RecordsToDelete> cut = new HashMap<>();
                for (int i = 0; i < 3; i++) {
                    cut.put(new TopicPartition("wiped", i), RecordsToDelete.beforeOffset(100));
                }
                admin.deleteRecords(cut).all().get();
            }
            assertThat(Files.exists(a.data)).isTrue();
            try (Node wiped = new Node("node-c", "wiped", 3)) {
                assertThatThrownBy(wiped.ready::get).hasMessageContaining("retention removed records it never applied")
                        .hasMessageContaining("copy a peer's store");
            }
            // a node that applied everything is unaffected
            assertThat(a.applied()).isEqualTo(1_000);
        }
    }
}
