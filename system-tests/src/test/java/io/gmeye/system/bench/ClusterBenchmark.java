package io.gmeye.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.kafka.KafkaBrokers;
import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench cluster, in one run on this machine: (a) durable ingest of the same loaded outboxes
 * (the real uplink, batches of 1,000) into the embedded hub and into a 3-node cluster (3 Kafka
 * brokers, RF 3, acks=all), and CPU per record of the node the agent talks to and of a replica:
 * each hub drains a first outbox of N records as a fresh JVM (cold_ figures: JIT compilation and
 * GC of its first seconds weigh on them), then a second of N (the steady state of a running hub);
 * (c) catch-up of a node restarted behind both outboxes; (b) failover: kill -9 of the node a QoS 1 publisher (Paho
 * with the three nodes' URIs) is connected to, time to its first PUBACK from another node, over
 * KILLS kills; then every id acknowledged is checked on every node: lost, doubled.
 */
@Tag("bench")
class ClusterBenchmark {
    private static final int N = Integer.getInteger("bench.cluster.count", 100_000);
    private static final int KILLS = Integer.getInteger("bench.cluster.kills", 10);
    private static final int BATCH = 1000;
    /** A folder for a JFR recording of each hub run (profiling a node under the bench), or none. */
    private static final String JFR = System.getProperty("bench.cluster.jfr", "");
    private static final String SITE = "bench";
    /** The site of the first outbox each hub drains: a fresh JVM's first records pay its JIT compilation, reported apart. */
    private static final String COLD_SITE = "cold";
    private static final String SECRET = "bench-secret";
    private static final Pattern RATE = Pattern.compile("rate=(\\d+)");
    private static final Pattern FILL = Pattern.compile("\\((\\d+) durable appends/s\\)");
    private static final Pattern READY = Pattern.compile("gmeye hub ready");
    private static final Pattern BEHIND = Pattern.compile("^(\\S+) .*: (\\d+) records of the log to apply before serving", Pattern.MULTILINE);
    private static final Pattern CAUGHT_UP = Pattern.compile("^(\\S+) .*caught up with the log", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** A hub as its own process, with its log file. */
    final class HubProcess {
        final String name;
        final Path yaml;
        final Path data;
        final int mqtt;
        final int http;
        Process process;
        Path log;
        int runs;

        HubProcess(String name, String cluster) throws IOException {
            this.name = name;
            this.data = dir.resolve(name);
            this.mqtt = FreePorts.next();
            this.http = FreePorts.next();
            this.yaml = dir.resolve(name + ".yaml");
            Files.writeString(yaml, """
                    dataDir: %s
                    mqtt: {host: 127.0.0.1, port: %d}
                    http: {host: 127.0.0.1, port: %d}
                    sites: [{id: %s, secret: %s}, {id: %s, secret: %s}]
                    %s
                    """.formatted(data, mqtt, http, COLD_SITE, SECRET, SITE, SECRET, cluster == null ? "" : cluster));
        }

        HubProcess start() throws Exception {
            log = dir.resolve(name + "-" + runs++ + ".log");
            List<String> jvm = JFR.isEmpty() ? List.of()
                    : List.of("-XX:StartFlightRecording=name=bench,settings=profile,filename=" + recording());
            process = startJava(log, jvm, "io.gmeye.hub.app.HubMain", yaml.toString());
            awaitLine(log, READY, Duration.ofMinutes(3));
            return this;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        /** When profiling: kill -9 leaves no recording, so take it before. */
        void dumpRecording() throws Exception {
            if (!JFR.isEmpty()) {
                new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()), "JFR.dump",
                        "name=bench", "filename=" + recording()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        }

        private Path recording() {
            return Path.of(JFR, name + "-" + (runs - 1) + ".jfr");
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        /** CPU seconds the process has used (user + system), from /proc. */
        double cpuSeconds() throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (100 Hz)
        }

        /**
         * CPU seconds of the apply path's own threads: the store writer (apply, RocksDB batch, estate)
         * and the log's applier (Kafka fetches, parsing). Unlike the process's CPU, this leaves out
         * JIT compilation and GC, which dominate a JVM's first seconds.
         */
        double applyCpuSeconds() throws IOException {
            return threadCpuSeconds(comm -> comm.startsWith("hub-store-write") || comm.startsWith("hub-log-applier"));
        }

        /**
         * CPU seconds of the JVM's own work: the JIT compilers and the garbage collector. In a fresh
         * JVM's first seconds the compilers alone used more than the apply path (a JFR profile of a replica).
         */
        double jvmCpuSeconds() throws IOException {
            return threadCpuSeconds(comm -> comm.contains("CompilerThre") || comm.startsWith("GC Thread") || comm.startsWith("G1 "));
        }

        double threadCpuSeconds(java.util.function.Predicate<String> which) throws IOException {
            double sum = 0;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
                for (Path t : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(t.resolve("stat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (which.test(comm)) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    }
                }
            }
            return sum;
        }

        String url() {
            return "tcp://127.0.0.1:" + mqtt;
        }
    }

    @Test
    void cluster() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records", N);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();

        // (a) embedded: a first outbox of N records into the fresh JVM (cold), then a second of N (warm: a hub runs for days)
        HubProcess embedded = new HubProcess("embedded", null);
        double[] aloneCold = drain(embedded, List.of(), COLD_SITE);
        double[] alone = drain(embedded, List.of(), SITE);
        embedded.stop();

        // (a) the cluster, the same two outboxes: node 3 is down while the records arrive, for (c)
        try (KafkaBrokers brokers = KafkaBrokers.start(3, dir.resolve("kafka"))) {
            String cluster = "cluster: {node: %s, kafka: {bootstrap: \"" + brokers.bootstrap() + "\", partitions: 12}}";
            List<HubProcess> nodes = List.of(new HubProcess("node-1", cluster.formatted("node-1")),
                    new HubProcess("node-2", cluster.formatted("node-2")), new HubProcess("node-3", cluster.formatted("node-3")));
            for (HubProcess n : nodes) {
                n.start();
            }
            nodes.get(2).stop();
            double[] clusteredCold = drain(nodes.get(0), List.of(nodes.get(1)), COLD_SITE);
            double[] clustered = drain(nodes.get(0), List.of(nodes.get(1)), SITE);
            drainFigures(figures, "", alone, clustered);
            drainFigures(figures, "cold_", aloneCold, clusteredCold);

            // (c) catch-up of node 3, both outboxes (2N messages) behind
            HubProcess behind = nodes.get(2).start();
            String text = Files.readString(behind.log);
            Matcher b = BEHIND.matcher(text);
            Matcher c = CAUGHT_UP.matcher(text);
            assertThat(b.find() && c.find()).as("node 3 logs what it had to apply and when it caught up").isTrue();
            long records = Long.parseLong(b.group(2));
            double seconds = Duration.between(LocalDateTime.parse(b.group(1)).toInstant(ZoneOffset.UTC),
                    LocalDateTime.parse(c.group(1)).toInstant(ZoneOffset.UTC)).toMillis() / 1000.0;
            // what set the pace: a thread near catchup_s seconds of CPU was the bottleneck (threads are named by role; Linux cuts names at 15 characters)
            figures.put("catchup_writer_cpu_s", BenchReport.round(behind.threadCpuSeconds(comm -> comm.startsWith("hub-store-write")), 2));
            figures.put("catchup_applier_cpu_s", BenchReport.round(behind.threadCpuSeconds(comm -> comm.startsWith("hub-log-applier")), 2));
            figures.put("catchup_jit_cpu_s", BenchReport.round(behind.threadCpuSeconds(comm -> comm.contains("CompilerThre")), 2));
            figures.put("catchup_gc_cpu_s", BenchReport.round(behind.threadCpuSeconds(comm -> comm.startsWith("GC Thread") || comm.startsWith("G1 ")), 2));
            figures.put("catchup_process_cpu_s", BenchReport.round(behind.cpuSeconds(), 2));
            // the log holds one record per publish (the uplink packs 1,000 messages into one): the rate counts messages
            figures.put("catchup_log_records", records);
            figures.put("catchup_s", seconds);
            figures.put("catchup_per_s", Math.round(2.0 * N / Math.max(seconds, 0.001)));

            // (b) failover
            Set<String> acked = ConcurrentHashMap.newKeySet();
            List<Long> connects = new ArrayList<>();
            List<Long> failovers = failover(nodes, acked, connects);
            long[] nanos = failovers.stream().mapToLong(ms -> ms * 1_000_000).toArray();
            figures.put("kills", failovers.size());
            figures.put("failover_p50_s", BenchReport.round(BenchReport.percentileMs(nanos, 0.5) / 1000, 2));
            figures.put("failover_p99_s", BenchReport.round(BenchReport.percentileMs(nanos, 0.99) / 1000, 2));
            figures.put("failover_max_s", BenchReport.round(BenchReport.percentileMs(nanos, 1.0) / 1000, 2));
            figures.put("failover_connect_each_s", connects.stream().map(ms -> String.format("%.2f", ms / 1000.0))
                    .collect(java.util.stream.Collectors.joining(",")));
            figures.put("failover_each_s", failovers.stream().map(ms -> String.format("%.2f", ms / 1000.0))
                    .collect(java.util.stream.Collectors.joining(",")));

            // nothing lost or doubled, on any node
            Thread.sleep(3000); // the last records reach every node's applier
            for (HubProcess n : nodes) {
                n.stop();
            }
            long lost = 0;
            long doubled = 0;
            long held = -1;
            for (HubProcess n : nodes) {
                Set<String> ids = new HashSet<>();
                long stored;
                try (RocksStore store = new RocksStore(n.data.resolve("store"), false, Metrics.NOOP)) {
                    store.scan(Space.MESSAGES, new byte[0], false, (k, v) -> ids.add(new String(k, StandardCharsets.UTF_8)));
                    byte[] s = store.get(Space.META, IngestService.STORED_KEY);
                    stored = s == null ? 0 : ByteBuffer.wrap(s).getLong();
                }
                lost += acked.stream().filter(id -> !ids.contains(id)).count();
                doubled += stored - ids.size();
                if (held >= 0 && held != ids.size()) {
                    figures.put("held_differs", true);
                }
                held = ids.size();
            }
            figures.put("acked_in_failover", acked.size());
            figures.put("held_per_node", held);
            figures.put("lost", lost);
            figures.put("doubled", doubled);
        }
        figures.put("loadavg_1m", load.split(" ")[0]);
        BenchReport.write("cluster", figures);
    }

    /** Rates and CPU per record of one drain of the embedded hub and of the cluster; keys prefixed (cold_: a fresh JVM's first outbox). */
    private static void drainFigures(Map<String, Object> figures, String prefix, double[] alone, double[] clustered) {
        String[] role = {"embedded", "cluster", "replica"};
        figures.put(prefix + "embedded_msgs_per_s", Math.round(alone[0]));
        figures.put(prefix + "cluster_msgs_per_s", Math.round(clustered[0]));
        figures.put(prefix + "ratio", BenchReport.round(clustered[0] / alone[0], 2));
        double[][] cpu = {{alone[1], clustered[1], clustered[2]}, {alone[3], clustered[3], clustered[4]}, {alone[5], clustered[5], clustered[6]}};
        String[] what = {"cpu", "apply", "jit_gc"};
        for (int w = 0; w < what.length; w++) {
            for (int r = 0; r < role.length; r++) {
                figures.put(prefix + role[r] + "_" + what[w] + "_us_per_record", Math.round(cpu[w][r] * 1e6 / N));
            }
        }
    }

    /**
     * Fills an outbox of the site with N records, starts the hub if it is not running, drains the outbox into it with the real
     * uplink; returns {messages/s, CPU seconds of the hub, of the first replica, of their apply paths' threads, and of their
     * JIT compilers and garbage collectors}.
     */
    private double[] drain(HubProcess hub, List<HubProcess> replicas, String site) throws Exception {
        Path agentDir = dir.resolve("agent-" + hub.name + "-" + site);
        Path agentLog = dir.resolve("agent-" + hub.name + "-" + site + ".log");
        Process agent = startJava(agentLog, List.of(), "io.gmeye.system.bench.UplinkBenchAgent", agentDir.toString(), hub.url(), site, SECRET,
                String.valueOf(N), String.valueOf(BATCH));
        try {
            awaitLine(agentLog, FILL, Duration.ofMinutes(5));
            if (hub.process == null) {
                hub.start();
            }
            double cpu0 = hub.cpuSeconds();
            double rep0 = replicas.isEmpty() ? 0 : replicas.get(0).cpuSeconds();
            double apply0 = hub.applyCpuSeconds();
            double repApply0 = replicas.isEmpty() ? 0 : replicas.get(0).applyCpuSeconds();
            double jvm0 = hub.jvmCpuSeconds();
            double repJvm0 = replicas.isEmpty() ? 0 : replicas.get(0).jvmCpuSeconds();
            try (OutputStream in = agent.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            double rate = Double.parseDouble(awaitLine(agentLog, RATE, Duration.ofMinutes(10)));
            Thread.sleep(2000); // the replicas finish applying what was acknowledged
            return new double[] {rate, hub.cpuSeconds() - cpu0, replicas.isEmpty() ? 0 : replicas.get(0).cpuSeconds() - rep0,
                    hub.applyCpuSeconds() - apply0, replicas.isEmpty() ? 0 : replicas.get(0).applyCpuSeconds() - repApply0,
                    hub.jvmCpuSeconds() - jvm0, replicas.isEmpty() ? 0 : replicas.get(0).jvmCpuSeconds() - repJvm0};
        } finally {
            agent.destroyForcibly().waitFor();
        }
    }

    /** Kills the node the publisher is on, KILLS times; the time from each kill to the publisher's first PUBACK after it, in ms. */
    private List<Long> failover(List<HubProcess> nodes, Set<String> acked, List<Long> connects) throws Exception {
        Publisher p = new Publisher(nodes.stream().map(HubProcess::url).toArray(String[]::new), acked);
        List<Long> out = new ArrayList<>();
        try {
            p.start();
            for (int k = 0; k < KILLS; k++) {
                long before = p.acks.get();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.acks.get() < before + 50 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                String on = p.client.getCurrentServerURI();
                HubProcess victim = nodes.stream().filter(n -> n.url().equals(on)).findFirst().orElseThrow();
                victim.dumpRecording();
                long killedAt = System.nanoTime();
                victim.kill();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.firstAckAfter(killedAt, on) < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long first = p.firstAckAfter(killedAt, on);
                assertThat(first).as("a PUBACK from another node within 60 s of kill %d", k + 1).isPositive();
                out.add((first - killedAt) / 1_000_000);
                connects.add((p.connectedAfter(killedAt) - killedAt) / 1_000_000); // the rest of the failover is the first publish's way into Kafka
                victim.start(); // catches up before it serves; the next kill may pick it again
            }
        } finally {
            p.close();
        }
        return out;
    }

    /** A QoS 1 publisher with the nodes' URIs (as an agent with several hub URIs), reconnecting at once, sending every 10 ms. */
    static final class Publisher implements MqttCallback, AutoCloseable {
        final MqttAsyncClient client;
        final String[] uris;
        final Set<String> acked;
        final AtomicLong acks = new AtomicLong();
        /** When each PUBACK came and from which node: a PUBACK the victim sent before it died is not a failover. */
        record Ack(long at, String uri) {
        }

        final List<Ack> ackTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        final EnvelopeCodec codec = new EnvelopeCodec();
        volatile boolean running = true;
        Thread sender;

        Publisher(String[] uris, Set<String> acked) throws MqttException {
            this.uris = uris;
            this.acked = acked;
            this.client = new MqttAsyncClient(uris[0], "bench-failover", new MemoryPersistence());
            client.setCallback(this);
        }

        void start() throws Exception {
            connect();
            sender = new Thread(() -> {
                long i = 0;
                while (running) {
                    try {
                        if (client.isConnected()) {
                            Envelope<?> e = Envelope.create(SITE, "failover", new DeviceTelemetry("probe", "air_quality", null, Map.of("n", i++)));
                            MqttMessage m = new MqttMessage(codec.encode(e));
                            m.setQos(1);
                            client.publish(Topics.up(SITE, MessageType.DEVICE_TELEMETRY), m, e.id(), null);
                        }
                        Thread.sleep(10);
                    } catch (MqttException ignored) {
                        // in flight when the node died: the next connection carries on
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }, "failover-publisher");
            sender.start();
        }

        private void connect() {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setServerURIs(uris);
            o.setUserName(SITE);
            o.setPassword(SECRET.getBytes(StandardCharsets.UTF_8));
            o.setCleanStart(true);
            o.setConnectionTimeout(5);
            o.setAutomaticReconnect(false);
            while (running) {
                try {
                    client.connect(o).waitForCompletion(10_000);
                    connectTimes.add(System.nanoTime());
                    return;
                } catch (MqttException e) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        final List<Long> connectTimes = java.util.Collections.synchronizedList(new ArrayList<>());

        /** When the publisher was connected again after t. */
        long connectedAfter(long t) {
            synchronized (connectTimes) {
                return connectTimes.stream().filter(c -> c >= t).mapToLong(Long::longValue).min().orElse(t);
            }
        }

        /** The first PUBACK at or after t from a node other than the one killed, or -1 when none came yet. */
        long firstAckAfter(long t, String killed) {
            synchronized (ackTimes) {
                return ackTimes.stream().filter(a -> a.at() >= t && !a.uri().equals(killed)).mapToLong(Ack::at).min().orElse(-1);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            new Thread(this::connect, "failover-reconnect").start();
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            boolean ok = token.getReasonCodes() == null || token.getReasonCodes().length == 0 || token.getReasonCodes()[0] < 0x80;
            if (ok && token.getUserContext() instanceof String id) {
                long now = System.nanoTime();
                acked.add(id);
                ackTimes.add(new Ack(now, String.valueOf(client.getCurrentServerURI())));
                acks.incrementAndGet();
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }

        @Override
        public void close() throws Exception {
            running = false;
            sender.interrupt();
            sender.join(2000);
            client.disconnectForcibly(1000);
            client.close(true);
        }
    }

    private Process startJava(Path log, List<String> jvm, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String awaitLine(Path log, Pattern p, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                Matcher m = p.matcher(Files.readString(log));
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + p + " in " + log + " within " + timeout + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
}
