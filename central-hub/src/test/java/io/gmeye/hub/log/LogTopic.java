package io.gmeye.hub.log;

import io.gmeye.hub.store.Store;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What a hub's log topic holds, read from Kafka as the nodes' appliers read it, and the orders a
 * node may apply it in: one site's records (one key, so one partition) always in their order,
 * records of different keys interleaved as that node's polls happen to return them.
 */
public final class LogTopic {
    private LogTopic() {
    }

    /** Every record of the topic, back as log records, each partition in its order. */
    public static List<LogRecord> read(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = KafkaClients.consumer(KafkaLogConfig.of(bootstrap), "log-topic-reader", Map.of())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            Map<TopicPartition, List<LogRecord>> byPartition = new LinkedHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topic " + topic + " was not read to its end within 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(KafkaLog.decode(r));
                }
            }
            return byPartition.values().stream().flatMap(List::stream).toList();
        }
    }

    /** The records whose body is a command or decision of this name. */
    public static List<LogRecord> named(List<LogRecord> records, String name) {
        String marker = "{\"name\":\"" + name + "\"";
        return records.stream().filter(r -> new String(r.body(), StandardCharsets.UTF_8).startsWith(marker)).toList();
    }

    /**
     * The two farthest apart orders a node may apply the records in: all of one key's records before
     * any of the next key's, the keys taken in ascending order, then in descending order. Each key's
     * records stay in their log order.
     */
    public static List<List<LogRecord>> bothWays(List<LogRecord> records) {
        Map<String, List<LogRecord>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        List<String> keys = byKey.keySet().stream().sorted().toList();
        List<LogRecord> up = new ArrayList<>();
        keys.forEach(k -> up.addAll(byKey.get(k)));
        List<LogRecord> down = new ArrayList<>();
        keys.stream().sorted(Comparator.reverseOrder()).forEach(k -> down.addAll(byKey.get(k)));
        return List.of(up, down);
    }

    /**
     * Applies the records to a node's log one after the other, as its applier would: a refusal is
     * that record's outcome (as on every node) and the next one is applied.
     */
    public static void apply(HubLog log, List<LogRecord> records) {
        for (LogRecord r : records) {
            outcome(log.appendAndApply(r));
        }
    }

    /**
     * Applies the records as a node catching up does, many in one store round: the store's writer is
     * held until every record waits for it, so one round applies them all, and the estate's snapshot
     * changes only once they are all durable.
     */
    public static void applyInOneRound(Store store, HubLog log, List<LogRecord> records) throws InterruptedException {
        CountDownLatch queued = new CountDownLatch(1);
        CompletableFuture<Boolean> held = store.write(tx -> queued.await(30, TimeUnit.SECONDS));
        List<CompletableFuture<Object>> outcomes = records.stream().map(log::appendAndApply).toList();
        queued.countDown();
        held.join();
        outcomes.forEach(LogTopic::outcome);
    }

    private static void outcome(CompletableFuture<Object> applied) {
        try {
            applied.join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof GmeyeException refused) || !refused.kind().clientError()) {
                throw e;
            }
            // a refusal is the record's outcome on this node; applying goes on
        }
    }
}
