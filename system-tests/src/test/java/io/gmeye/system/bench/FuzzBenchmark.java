package io.gmeye.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.fuzz.CodecFuzz;
import io.gmeye.rigs.fuzz.FuzzReport;
import io.gmeye.rigs.fuzz.WireFuzzer;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import io.gmeye.rigs.wire.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench fuzz: a million mutated payloads through the wire codec in-process, then a large
 * sample over real MQTT into a hub, while a canary connection publishes valid telemetry. The
 * reference is the same canary against the same hub with no fuzzing: the ratio of their p99
 * acknowledgement times says whether bad input hurts good traffic. Also heap (after GC) and
 * threads before and after: a leak shows as growth.
 */
@Tag("bench")
class FuzzBenchmark {
    private static final int CODEC = Integer.getInteger("bench.fuzz.codec", 1_000_000);
    private static final int WIRE = Integer.getInteger("bench.fuzz.wire", 100_000);

    @TempDir
    Path dir;

    @Test
    void fuzz() throws Exception {
        // --- codec, in-process, two threads ---
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<FuzzReport>> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long seed = 1000 + i;
            parts.add(pool.submit(() -> new CodecFuzz().run(seed, CODEC / 2)));
        }
        long codecInputs = 0;
        long codecFindings = 0;
        List<String> findings = new ArrayList<>();
        Map<String, Long> codecOutcomes = new LinkedHashMap<>();
        for (Future<FuzzReport> f : parts) {
            FuzzReport r = f.get();
            codecInputs += r.inputs();
            codecFindings += r.findings();
            findings.addAll(r.findingSamples());
            r.outcomes().forEach((k, v) -> codecOutcomes.merge(k, v, Long::sum));
        }
        pool.shutdown();
        double codecSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("codec fuzz: " + codecInputs + " inputs in " + codecSeconds + " s: " + codecOutcomes);

        // --- wire, against a hub, with a canary ---
        Hub hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null,
                new HubConfig.Limits(null, null, null, null, 10_000, 1_000_000, null)), new HubConfig.HttpSection("127.0.0.1", 0),
                List.of(new HubConfig.SiteSection("site-a", null, "secret-a", null, null), new HubConfig.SiteSection("site-b", null, "secret-b", null, null))))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Map<String, Object> figures = new LinkedHashMap<>();
        try {
            new WireFuzzer("127.0.0.1", hub.mqttPort(), "site-a", "secret-a").run(1L, 500, 8); // warm-up: pools and threads exist
            List<Long> quiet = canary(hub, 10_000, null);
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = Thread.activeCount();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            List<Long> loud = Collections.synchronizedList(new ArrayList<>());
            Thread canary = new Thread(() -> loud.addAll(canary(hub, Long.MAX_VALUE, fuzzing)), "canary");
            canary.start();
            long w0 = System.nanoTime();
            FuzzReport wire = new WireFuzzer("127.0.0.1", hub.mqttPort(), "site-a", "secret-a").run(2L, WIRE, 32);
            double wireSeconds = (System.nanoTime() - w0) / 1e9;
            fuzzing.set(false);
            canary.join(30_000);
            Thread.sleep(1000);
            long heapAfter = usedHeapAfterGc();
            int threadsAfter = Thread.activeCount();
            // which pools grew: lazily started worker pools are not a leak; a thread per connection or per input would be
            Map<String, Long> byPool = new java.util.TreeMap<>();
            Thread.getAllStackTraces().keySet().forEach(t -> byPool.merge(t.getName().replaceAll("[-#]?\\d+$", ""), 1L, Long::sum));
            System.out.println("threads after the fuzz by pool: " + byPool);
            System.out.println("wire fuzz: " + wire);
            findings.addAll(wire.findingSamples());

            double quietP99 = p99(quiet);
            double loudP99 = p99(loud);
            figures.put("codec_inputs", codecInputs);
            figures.put("codec_per_s", Math.round(codecInputs / codecSeconds));
            figures.put("codec_findings", codecFindings);
            figures.put("wire_inputs", wire.inputs());
            figures.put("wire_per_s", Math.round(wire.inputs() / wireSeconds));
            figures.put("wire_findings", wire.findings());
            figures.put("wire_accepted", wire.count("accepted"));
            figures.put("wire_refused", wire.inputs() - wire.count("accepted"));
            figures.put("canary_acks", loud.size());
            figures.put("canary_p99_quiet_ms", quietP99);
            figures.put("canary_p99_fuzz_ms", loudP99);
            figures.put("ratio", quietP99 == 0 ? 0 : Math.round(loudP99 / quietP99 * 100) / 100.0);
            figures.put("heap_growth_mb", Math.round((heapAfter - heapBefore) / 1e6 * 10) / 10.0);
            figures.put("threads_before", threadsBefore);
            figures.put("threads_after", threadsAfter);
            figures.put("hub_sessions_after", hub.estate().sites().stream().filter(s -> s.connected()).count());
            BenchReport.write("fuzz", figures);
        } finally {
            hub.close();
        }
        assertThat(findings).as("crashes, hangs, refusals without a reason, server errors").isEmpty();
    }

    /** Publishes valid telemetry as site-b, one at a time, for a duration or until told to stop; returns ack times in micros. */
    private static List<Long> canary(Hub hub, long millis, AtomicBoolean running) {
        List<Long> times = new ArrayList<>();
        EnvelopeCodec codec = new EnvelopeCodec();
        long end = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
        try (RawMqttClient c = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "canary-" + System.nanoTime(), "site-b", "secret-b")) {
            c.await(MqttPacket.CONNACK, 5000);
            int id = 1;
            while (System.currentTimeMillis() < end && (running == null || running.get())) {
                Envelope<?> e = Samples.envelope("site-b", MessageType.DEVICE_TELEMETRY, id);
                long t = System.nanoTime();
                c.send(MqttPacket.publish(Topics.up("site-b", MessageType.DEVICE_TELEMETRY), 1, id, codec.encode(e)));
                MqttPacket.Received ack = c.await(MqttPacket.PUBACK, 10_000);
                if (ack == null || ack.reasonCode() != 0) {
                    throw new AssertionError("canary publish answered " + ack);
                }
                times.add((System.nanoTime() - t) / 1000);
                id = id % 65_535 + 1;
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new AssertionError("canary failed: " + e, e);
        }
        return times;
    }

    private static double p99(List<Long> micros) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return s.isEmpty() ? 0 : Math.round(s.get((int) Math.min(s.size() - 1, Math.ceil(s.size() * 0.99) - 1)) / 10.0) / 100.0;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
