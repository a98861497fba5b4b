package io.gmeye.agent.bench;

import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.agent.checkpoint.CheckpointConfig;
import io.gmeye.agent.checkpoint.CheckpointFeature;
import io.gmeye.agent.checkpoint.WhitelistStore;
import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.rigs.devices.MqttSim;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench checkpoint: scan → turnstile command latency at the agent with a 1,000,000-person
 * whitelist in RocksDB and the durable outbox, under rush-hour load (every lane scanning), against
 * the bare MQTT round trip through the same endpoint in the same run: the same sentinels send a
 * link-check ping that the endpoint answers on their cmd topic without any checkpoint work.
 */
@Tag("bench")
class CheckpointBenchmark {
    static final int WHITELIST = Integer.getInteger("bench.checkpoint.whitelist", 1_000_000);
    static final int LANES = Integer.getInteger("bench.checkpoint.lanes", 20);
    static final double SCANS_PER_LANE = Double.parseDouble(System.getProperty("bench.checkpoint.rate", "5"));
    static final int SECONDS = Integer.getInteger("bench.checkpoint.seconds", 20);
    static final String SALT = "bench-district-salt-000";

    @TempDir
    Path dir;

    @Test
    void scanToTurnstileLatencyAgainstTheBareRoundTrip() throws Exception {
        PersonRef refs = new PersonRef(SALT);
        long t0 = System.nanoTime();
        try (WhitelistStore store = WhitelistStore.open(dir.resolve("agent/whitelist"))) {
            int chunk = 20_000;
            int chunks = (WHITELIST + chunk - 1) / chunk;
            for (int c = 0; c < chunks; c++) {
                List<WhitelistEntry> part = new ArrayList<>(chunk);
                for (int i = c * chunk; i < Math.min(WHITELIST, (c + 1) * chunk); i++) {
                    String id = person(i);
                    part.add(new WhitelistEntry(refs.hash(id), i % 200 == 0 ? "red" : "white", PersonRef.mask(id), 0));
                }
                store.apply(new WhitelistDelta(0, 1, true, part, List.of(), c, chunks));
            }
            System.out.printf("whitelist of %d loaded in %.1f s%n", store.entries(), (System.nanoTime() - t0) / 1e9);
        }

        TestEstate estate = new TestEstate(dir);
        for (int l = 0; l < LANES; l++) {
            estate.device("s-" + l, "sentinel", "cp-" + l, null).device("t-" + l, "turnstile", "cp-" + l, null);
        }
        DevicesConfig base = estate.config();
        DevicesConfig config = new DevicesConfig(true, base.typesDir(), base.registryFile(), base.mqtt(),
                new DevicesConfig.Coap(false, null, 0, 0, false), 3, Duration.ofSeconds(10), Duration.ofMinutes(5), 500, Duration.ofSeconds(30), null);
        Vertx vertx = Vertx.vertx();
        RocksOutbox outbox = new RocksOutbox(dir.resolve("agent/outbox"), 1L << 30, Clock.systemUTC(), Metrics.NOOP);
        DevicesFeature devices = new DevicesFeature("bench", vertx, outbox, Clock.systemUTC(), Metrics.NOOP, config, Path.of("/"), new PersonRef(SALT));
        devices.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        List<Long> decisions = java.util.Collections.synchronizedList(new ArrayList<>());
        Metrics decisionTimes = new Metrics() {
            @Override
            public void count(String name, long amount, String... tags) {
            }

            @Override
            public void time(String name, long nanos, String... tags) {
                if (name.equals("gmeye.checkpoint.decision") && MEASURING.get()) {
                    decisions.add(nanos);
                }
            }

            @Override
            public void gauge(String name, java.util.function.Supplier<Number> value, String... tags) {
            }
        };
        CheckpointFeature checkpoints = new CheckpointFeature("bench", vertx, outbox, Clock.systemUTC(), decisionTimes,
                new CheckpointConfig(true, SALT, "whitelist", 37.3, Duration.ofSeconds(15)), devices, dir.resolve("agent"));
        checkpoints.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String uri = "tcp://127.0.0.1:" + devices.mqttPorts().get(0);

        List<ConcurrentLinkedQueue<Long>> scanStarts = new ArrayList<>();
        List<Long> scanLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> pingLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong opened = new AtomicLong();
        AtomicLong denied = new AtomicLong();
        MEASURING.set(false);
        List<MqttSim> sentinels = new ArrayList<>();
        List<MqttSim> turnstiles = new ArrayList<>();
        for (int l = 0; l < LANES; l++) {
            ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
            scanStarts.add(starts);
            turnstiles.add(new MqttSim(uri, "t-" + l, TestEstate.secret("t-" + l), (sim, cmd) -> {
                long now = System.nanoTime();
                Long start = starts.poll();
                (cmd.name().equals("open") ? opened : denied).incrementAndGet();
                if (start != null && MEASURING.get()) {
                    scanLatencies.add(now - start);
                }
            }).connect());
            sentinels.add(new MqttSim(uri, "s-" + l, TestEstate.secret("s-" + l), (sim, cmd) -> {
                long now = System.nanoTime();
                if (cmd.name().equals("pong") && MEASURING.get()) {
                    pingLatencies.add(now - Long.parseLong(cmd.commandId()));
                }
            }).connect());
        }

        // rush hour: every lane scans at its rate; between two scans the same sentinel pings
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        Random rnd = new Random(7);
        long periodUs = (long) (1_000_000 / SCANS_PER_LANE);
        for (int l = 0; l < LANES; l++) {
            int lane = l;
            MqttSim s = sentinels.get(l);
            load.scheduleAtFixedRate(() -> {
                try {
                    String ref;
                    double roll;
                    synchronized (rnd) {
                        ref = rnd.nextDouble() < 0.03 ? String.format("1101%014d", rnd.nextInt(1_000_000)) : person(rnd.nextInt(WHITELIST));
                        roll = rnd.nextDouble();
                    }
                    String code = roll < 0.01 ? "red" : "green";
                    byte[] json = ("{\"name\":\"scan\",\"data\":{\"credential\":\"id_card\",\"ref\":\"" + ref + "\",\"healthCode\":\"" + code
                            + "\",\"temperature\":36.5}}").getBytes(StandardCharsets.UTF_8);
                    scanStarts.get(lane).add(System.nanoTime());
                    s.publishRaw("event", json);
                } catch (Exception e) {
                    // counted as a missing latency sample
                }
            }, (long) (rnd.nextDouble() * periodUs), periodUs, TimeUnit.MICROSECONDS);
            load.scheduleAtFixedRate(() -> {
                try {
                    s.publishRaw("status", ("{\"ping\":\"" + System.nanoTime() + "\"}").getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    // counted as a missing latency sample
                }
            }, (long) (rnd.nextDouble() * periodUs) + periodUs / 2, periodUs, TimeUnit.MICROSECONDS);
        }
        Thread.sleep(5_000); // warm-up: JIT, RocksDB block cache
        MEASURING.set(true);
        Thread.sleep(SECONDS * 1000L);
        MEASURING.set(false);
        load.shutdownNow();
        Thread.sleep(500);

        long[] scans = scanLatencies.stream().mapToLong(Long::longValue).toArray();
        long[] pings = pingLatencies.stream().mapToLong(Long::longValue).toArray();
        long[] sorted = scans.clone();
        java.util.Arrays.sort(sorted);
        System.out.println("slowest scans (ms): " + java.util.Arrays.stream(sorted).skip(Math.max(0, sorted.length - 20))
                .mapToObj(n -> String.format("%.1f", n / 1e6)).collect(java.util.stream.Collectors.joining(" ")));
        double p50 = BenchReport.percentileMs(scans, 0.50);
        double p99 = BenchReport.percentileMs(scans, 0.99);
        double bareP50 = BenchReport.percentileMs(pings, 0.50);
        double bareP99 = BenchReport.percentileMs(pings, 0.99);
        Map<String, Object> fig = new LinkedHashMap<>();
        fig.put("whitelist", WHITELIST);
        fig.put("lanes", LANES);
        fig.put("scans_per_s", BenchReport.round(scans.length / (double) SECONDS, 1));
        fig.put("scans", scans.length);
        fig.put("opened", opened.get());
        fig.put("denied", denied.get());
        fig.put("p50_ms", p50);
        fig.put("p99_ms", p99);
        fig.put("bare_p50_ms", bareP50);
        fig.put("bare_p99_ms", bareP99);
        long[] inside = decisions.stream().mapToLong(Long::longValue).toArray();
        fig.put("agent_decision_p50_ms", BenchReport.percentileMs(inside, 0.50));
        fig.put("agent_decision_p99_ms", BenchReport.percentileMs(inside, 0.99));
        fig.put("p99_ratio", BenchReport.round(p99 / bareP99, 2));
        fig.put("outbox_depth", outbox.stats().depth());
        fig.put("goal_p99_ms", 5);
        fig.put("goal_ratio", 1.5);

        sentinels.forEach(MqttSim::close);
        turnstiles.forEach(MqttSim::close);
        checkpoints.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        devices.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        outbox.close();
        BenchReport.write("checkpoint", fig);
    }

    private static final java.util.concurrent.atomic.AtomicBoolean MEASURING = new java.util.concurrent.atomic.AtomicBoolean();

    static String person(int i) {
        return String.format("4403%014d", i);
    }
}
