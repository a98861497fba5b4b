package io.gmeye.hub.log;

import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's log in Kafka. Appends go to one topic keyed by site, written by an idempotent
 * producer with {@code acks=all}. Every node applies every partition on one applier thread: it
 * assigns itself all partitions (no consumer group: Kafka's committed offsets are not where a
 * node keeps its place), seeks each to the offset its store holds, and applies each record in a
 * store write that also moves that offset, so state and position never disagree. At start it
 * applies up to the end the log had then before {@link #start} completes.
 */
public final class KafkaLog implements HubLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLog.class);
    private static final String H_ID = "id";
    private static final String H_KIND = "kind";
    private static final String H_AT = "at";
    private static final String H_NODE = "node";
    private static final int MAX_PENDING = 20_000; // records written but not reaped: bounds memory while catching up
    private static final long MAX_PENDING_BYTES = 64L << 20; // and their bytes: a publish may be a few hundred KB
    /** The largest record: an agent's publish may be up to the MQTT limit (8 MiB by default), Kafka's default is 1 MB. */
    static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** Bodies of this node's own records kept parsed until its applier reaches them (an agent's publish is then parsed once here). */
    private static final long OWN_BYTES = 32L << 20;

    /** How long a poll waits for records; what it has written meanwhile is reaped after it. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** While catching up the node says it is ready as soon as its last write lands. */
    private static final Duration POLL_CATCHING_UP = Duration.ofMillis(5);

    private final KafkaLogConfig config;
    private final Store store;
    private final String node;
    private final Metrics metrics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService sender; // producer.send may block on metadata: never on an event loop, and in call order
    private final Map<String, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();
    private final OwnRecords own = new OwnRecords(OWN_BYTES);
    private volatile Map<Integer, Long> lag = Map.of();
    private volatile String trouble;
    private KafkaClients.ConsumerThread applierThread;

    public KafkaLog(KafkaLogConfig config, Store store, String node, Metrics metrics) {
        this.config = config;
        this.store = store;
        this.node = node;
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(producerProps());
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hub-log-sender");
            t.setDaemon(true);
            return t;
        });
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "gmeye-hub-" + node);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        int delivery = (int) config.deliveryTimeout().toMillis();
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, delivery - 1));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public CompletableFuture<Void> start(LogApplier applier) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        applierThread = new KafkaClients.ConsumerThread("hub-log-applier", self -> {
            try {
                run(self, applier, ensureTopic(), ready);
            } catch (WakeupException e) {
                // closed
            }
            ready.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, "the hub's log was closed before this node caught up"));
        }, e -> {
            GmeyeException g = e instanceof GmeyeException x ? x : new GmeyeException(ErrorKind.UNAVAILABLE,
                    "the hub's log (Kafka at " + config.bootstrap() + "): " + e.getMessage(), e);
            trouble = g.reason();
            LOG.error("the log applier stopped: {}", g.reason());
            ready.completeExceptionally(g);
        }).start();
        return ready;
    }

    /** Creates the topic when it is missing; returns its partition count. */
    private int ensureTopic() throws InterruptedException {
        try (Admin admin = KafkaClients.admin(config, Duration.ofSeconds(30), Duration.ofSeconds(30))) {
            Map<String, String> topicConfig = Map.of(
                    "min.insync.replicas", Integer.toString(config.minInsyncReplicas()),
                    "retention.ms", Long.toString(config.retention().isNegative() ? -1 : config.retention().toMillis()),
                    "cleanup.policy", "delete",
                    "max.message.bytes", Integer.toString(MAX_RECORD_BYTES));
            try {
                admin.createTopics(List.of(new NewTopic(config.topic(), config.partitions(), config.replicationFactor().shortValue())
                        .configs(topicConfig))).all().get(30, TimeUnit.SECONDS);
                LOG.info("created the log topic {} ({} partitions, replication factor {}, min.insync.replicas {})", config.topic(),
                        config.partitions(), config.replicationFactor(), config.minInsyncReplicas());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new GmeyeException(ErrorKind.UNAVAILABLE, "cannot create the log topic " + config.topic() + " at "
                            + config.bootstrap() + ": " + e.getCause().getMessage(), e);
                }
            }
            return partitions(admin);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new GmeyeException(ErrorKind.UNAVAILABLE, "cannot reach Kafka at " + config.bootstrap() + " to read the log topic "
                    + config.topic() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
    }

    /** The topic's partition count; a topic just created may take a moment to reach every broker's metadata. */
    private int partitions(Admin admin) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription d = admin.describeTopics(List.of(config.topic())).allTopicNames().get(30, TimeUnit.SECONDS).get(config.topic());
                return d.partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private void run(KafkaClients.ConsumerThread self, LogApplier applier, int partitions, CompletableFuture<Void> ready)
            throws InterruptedException {
        KafkaConsumer<byte[], byte[]> c = self.open(KafkaClients.consumer(config, "gmeye-hub-" + node + "-applier", Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none", // a position retention removed is an error to report, not to skip
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                // a broker answers a fetch as soon as it has a byte (fetch.min.bytes 1), so the wait bounds only idle fetches:
                // 20 ms made an idle node send 150 fetches a second to three brokers, more CPU than its store writer under load
                // partition fetches stay at Kafka's 1 MiB: 8 MiB did not catch up faster (11.8 s against 8.7 s for 50,000 records)
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500)));
        List<TopicPartition> parts = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            parts.add(new TopicPartition(config.topic(), i));
        }
        c.assign(parts);
        Map<TopicPartition, Long> starts = c.beginningOffsets(parts);
        Map<TopicPartition, Long> ends = c.endOffsets(parts);
        seekToStored(c, parts, starts);
        long behind = 0;
        for (TopicPartition tp : parts) {
            behind += ends.get(tp) - c.position(tp);
        }
        LOG.info("node {}: {} records of the log to apply before serving", node, behind);
        long backoff = 500;
        Deque<InFlight> inflight = new ArrayDeque<>();
        int pending = 0;
        long pendingBytes = 0;
        while (self.running()) {
            if (!ready.isDone() && inflight.isEmpty() && caughtUp(c, parts, ends)) {
                LOG.info("node {}: caught up with the log", node);
                ready.complete(null);
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                // a poll returns as soon as records come; a write's waiter hears from the write itself (settle), so the
                // polls need not spin to reap: spinning every 1 ms cost the applier half its CPU while catching up
                records = c.poll(ready.isDone() ? POLL : POLL_CATCHING_UP);
            } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException e) {
                throw new GmeyeException(ErrorKind.UNAVAILABLE, "the log no longer holds records this node has not applied ("
                        + e.offsetOutOfRangePartitions() + "): retention removed them; raise the topic's retention.ms or copy a peer's store");
            }
            if (!records.isEmpty()) {
                InFlight f = submit(applier, records);
                inflight.add(f);
                pending += records.count();
                pendingBytes += f.bytes();
            }
            GmeyeException failed = null;
            boolean reaped = false;
            while (!inflight.isEmpty() && (inflight.peek().all().isDone() || pending > MAX_PENDING || pendingBytes > MAX_PENDING_BYTES)) {
                InFlight head = inflight.poll();
                pending -= head.records().size();
                pendingBytes -= head.bytes();
                GmeyeException f = reap(head);
                failed = failed == null ? f : failed;
                reaped = true;
            }
            if (failed != null) {
                // nothing is skipped: what is still in flight fails or lands, then back to the stored positions
                while (!inflight.isEmpty()) {
                    reap(inflight.poll());
                }
                pending = 0;
                pendingBytes = 0;
                trouble = failed.reason();
                metrics.count("gmeye.log.apply_failures", "kind", failed.kind().name().toLowerCase());
                LOG.error("node {}: cannot apply the log ({}); retrying in {} ms", node, failed.reason(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
                seekToStored(c, parts, null);
                continue;
            }
            if (reaped) {
                trouble = null;
                backoff = 500;
            }
            lag = lagOf(c, parts);
        }
        while (!inflight.isEmpty()) {
            reap(inflight.poll());
        }
    }

    private void seekToStored(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts, Map<TopicPartition, Long> starts) {
        for (TopicPartition tp : parts) {
            long at = ApplyJob.position(store.get(Space.META, ApplyJob.positionKey(tp.topic(), tp.partition())));
            if (starts != null && at < starts.get(tp)) {
                throw new GmeyeException(ErrorKind.UNAVAILABLE, "this node's store stops at offset " + at + " of " + tp + " but the log now starts at "
                        + starts.get(tp) + ": retention removed records it never applied. Raise the topic's retention.ms, or copy a peer's"
                        + " store (stopped, or a RocksDB checkpoint) into this node's dataDir and start again");
            }
            c.seek(tp, at);
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : parts) {
            if (c.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static Map<Integer, Long> lagOf(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        Map<Integer, Long> m = new HashMap<>();
        for (TopicPartition tp : parts) {
            c.currentLag(tp).ifPresent(l -> m.put(tp.partition(), l));
        }
        return Map.copyOf(m);
    }

    /** One poll's records on their way into the store: each in its own job (the store group-commits them into few synced writes). */
    private record InFlight(List<LogRecord> records, List<CompletableFuture<Object>> done, CompletableFuture<Void> all, long bytes) {
    }

    private InFlight submit(LogApplier applier, ConsumerRecords<byte[], byte[]> records) {
        List<LogRecord> recs = new ArrayList<>(records.count());
        List<CompletableFuture<Object>> done = new ArrayList<>(records.count());
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            bytes += Math.max(0, r.serializedValueSize());
            LogRecord read = decode(r);
            Object parsed = own.take(read.id());
            LogRecord rec = parsed != null ? withDecoded(read, parsed) : applier.prepare(read);
            recs.add(rec);
            CompletableFuture<Object> d = store.write(new ApplyJob(rec, applier, ApplyJob.positionKey(r.topic(), r.partition()), r.offset()));
            d.whenComplete((outcome, error) -> settle(rec.id(), outcome, error));
            done.add(d);
        }
        return new InFlight(recs, done, CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)), bytes);
    }

    /**
     * Hands a record's outcome to its waiter on this node as soon as its write is durable (on the
     * store's writer thread, as the embedded log does). A write that failed keeps its waiter: the
     * record is applied again.
     */
    private void settle(String id, Object outcome, Throwable error) {
        if (error != null || outcome == ApplyJob.DUPLICATE) {
            return;
        }
        CompletableFuture<Object> w = waiting.remove(id);
        if (w == null) {
            return;
        }
        if (outcome instanceof ApplyJob.Refused r) {
            w.completeExceptionally(r.reason());
        } else {
            w.complete(outcome);
        }
    }

    /** Waits for a poll's writes, counts them, and returns the failure that stops applying (the store's, never a record's refusal), or null. */
    private GmeyeException reap(InFlight f) {
        f.all().handle((v, e) -> null).join();
        GmeyeException stop = null;
        int refused = 0;
        for (int i = 0; i < f.done().size(); i++) {
            Object outcome = null;
            Throwable error = null;
            try {
                outcome = f.done().get(i).join();
            } catch (CompletionException e) {
                error = e.getCause();
            }
            if (error != null) {
                stop = stop == null ? GmeyeException.of(error) : stop;
            } else if (outcome instanceof ApplyJob.Refused) {
                refused++;
            }
        }
        metrics.count("gmeye.log.applied", f.done().size() - refused, "outcome", "applied");
        if (refused > 0) {
            metrics.count("gmeye.log.applied", refused, "outcome", "refused");
        }
        return stop;
    }

    /** A record as Kafka holds it, back as the log record it was (its headers carry id, kind, at and node). */
    static LogRecord decode(ConsumerRecord<byte[], byte[]> r) {
        String id = header(r, H_ID);
        String kind = header(r, H_KIND);
        String at = header(r, H_AT);
        String made = header(r, H_NODE);
        return new LogRecord(id, LogRecord.Kind.valueOf(kind), new String(r.key(), StandardCharsets.UTF_8),
                at == null ? r.timestamp() : Long.parseLong(at), made == null ? "?" : made, r.value() == null ? new byte[0] : r.value());
    }

    private static LogRecord withDecoded(LogRecord r, Object decoded) {
        return new LogRecord(r.id(), r.kind(), r.key(), r.at(), r.node(), r.body(), decoded);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Void> append(LogRecord record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        List<Header> headers = List.of(
                new RecordHeader(H_ID, record.id().getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(H_KIND, record.kind().name().getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(H_AT, Long.toString(record.at()).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(H_NODE, record.node().getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(config.topic(), null, record.at(),
                record.key().getBytes(StandardCharsets.UTF_8), record.body(), headers);
        try {
            sender.execute(() -> {
                try {
                    own.keep(record);
                    producer.send(pr, (meta, e) -> {
                        if (e == null) {
                            acked.complete(null);
                        } else {
                            own.take(record.id());
                            metrics.count("gmeye.log.appends", "outcome", "failed");
                            acked.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE,
                                    "the hub's log (Kafka) did not take the record: " + e.getMessage(), e));
                        }
                    });
                } catch (RuntimeException e) {
                    own.take(record.id());
                    acked.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, "the hub's log (Kafka) is unreachable: " + e.getMessage(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            acked.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, "the hub's log is closed"));
        }
        return acked;
    }

    @Override
    public CompletableFuture<Object> appendAndApply(LogRecord record) {
        CompletableFuture<Object> applied = new CompletableFuture<>();
        waiting.put(record.id(), applied);
        append(record).whenComplete((v, e) -> {
            if (e != null && waiting.remove(record.id()) != null) {
                applied.completeExceptionally(e);
            }
        });
        return applied;
    }

    @Override
    public Map<Integer, Long> lag() {
        return lag;
    }

    @Override
    public String trouble() {
        return trouble;
    }

    @Override
    public void close() {
        if (applierThread != null) {
            applierThread.close();
        }
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        GmeyeException closed = new GmeyeException(ErrorKind.UNAVAILABLE, "the hub's log closed before the record was applied");
        waiting.values().forEach(w -> w.completeExceptionally(closed));
        waiting.clear();
    }
}
