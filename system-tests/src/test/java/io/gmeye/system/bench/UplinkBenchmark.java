package io.gmeye.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench uplink: the same loaded outbox and the same uplink code drain (a) into the gmeye
 * hub, which PUBACKs after its synced store write, and (b) into Debian's Mosquitto broker, with
 * a subscriber counting every envelope. Both sides in one run; prints the rates and the ratio.
 */
@Tag("bench")
class UplinkBenchmark {
    private static final int N = Integer.getInteger("bench.uplink.count", 300_000);
    private static final int BATCH = 1000;
    private static final Pattern RATE = Pattern.compile("rate=(\\d+)");
    private static final Pattern FILL = Pattern.compile("\\((\\d+) durable appends/s\\)");

    @TempDir
    Path dir;

    @Test
    void uplink() throws Exception {
        // --- gmeye: agent outbox -> uplink -> hub store ---
        int mqtt = FreePorts.next();
        Path hubYaml = dir.resolve("hub.yaml");
        Files.writeString(hubYaml, """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: %d}
                http: {host: 127.0.0.1, port: %d}
                sites: [{id: bench, secret: bench-secret}]
                """.formatted(dir.resolve("hub"), mqtt, FreePorts.next()));
        Map<String, String> hubSide = run(dir.resolve("agent-hub"), "tcp://127.0.0.1:" + mqtt, BATCH, () -> startJava("hub",
                "io.gmeye.hub.app.HubMain", hubYaml.toString()), "gmeye hub ready", null);
        // --- reference: same outbox and uplink -> Mosquitto -> subscriber ---
        int mport = FreePorts.next();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                max_queued_messages 0
                max_inflight_messages 0
                """.formatted(mport));
        Starter mosquitto = () -> new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        // reference 1: one MQTT publish per message, as a plain MQTT pipeline carries them
        AtomicLong single = new AtomicLong();
        Map<String, String> refSingle = run(dir.resolve("agent-mosquitto-1"), "tcp://127.0.0.1:" + mport, 1, mosquitto, null, single);
        // reference 2: the very publishes the hub got (batches), relayed without parsing or storing
        AtomicLong batched = new AtomicLong();
        Map<String, String> refBatched = run(dir.resolve("agent-mosquitto-b"), "tcp://127.0.0.1:" + mport, BATCH, mosquitto, null, batched);

        double ours = Double.parseDouble(hubSide.get("rate"));
        double ref1 = Double.parseDouble(refSingle.get("rate"));
        double refB = Double.parseDouble(refBatched.get("rate"));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("messages", N);
        figures.put("gmeye_msgs_per_s", Math.round(ours));
        figures.put("mosquitto_msgs_per_s", Math.round(ref1));
        figures.put("ratio", Math.round(ours / ref1 * 100) / 100.0);
        figures.put("mosquitto_batched_msgs_per_s", Math.round(refB));
        figures.put("ratio_batched", Math.round(ours / refB * 100) / 100.0);
        figures.put("outbox_appends_per_s", Long.parseLong(hubSide.get("fill")));
        figures.put("durable_hub", true);
        figures.put("durable_mosquitto", false);
        BenchReport.write("uplink", figures);
        assertThat(single.get()).as("the subscriber saw every envelope").isGreaterThanOrEqualTo(N);
        assertThat(batched.get()).as("the subscriber saw every envelope").isGreaterThanOrEqualTo(N);
    }

    interface Starter {
        Process start() throws IOException;
    }

    /** Fills an outbox, starts the target, says go, returns the agent's figures. */
    private Map<String, String> run(Path agentDir, String url, int batch, Starter target, String readyLine, AtomicLong subscriberCount)
            throws Exception {
        Process agent = startJava("agent-" + agentDir.getFileName(), "io.gmeye.system.bench.UplinkBenchAgent", agentDir.toString(), url,
                "bench", "bench-secret", String.valueOf(N), String.valueOf(batch));
        Process server = null;
        MqttClient sub = null;
        try {
            Path agentLog = dir.resolve("agent-" + agentDir.getFileName() + ".log");
            String fill = awaitLine(agentLog, FILL, Duration.ofMinutes(5));
            server = target.start();
            if (readyLine != null) {
                awaitLine(dir.resolve("hub.log"), Pattern.compile(readyLine), Duration.ofSeconds(60));
            } else {
                sub = subscriber(url, subscriberCount);
            }
            try (OutputStream in = agent.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            String rate = awaitLine(agentLog, RATE, Duration.ofMinutes(10));
            if (subscriberCount != null) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (subscriberCount.get() < N && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
            }
            return Map.of("rate", rate, "fill", fill);
        } finally {
            if (sub != null) {
                sub.disconnectForcibly(1000);
                sub.close(true);
            }
            agent.destroyForcibly().waitFor();
            if (server != null) {
                server.destroy();
                server.waitFor(20, TimeUnit.SECONDS);
                server.destroyForcibly();
            }
        }
    }

    private MqttClient subscriber(String url, AtomicLong count) throws Exception {
        MqttClient c = null;
        for (int i = 0; i < 100 && c == null; i++) {
            try {
                c = new MqttClient(url, "bench-subscriber", new MemoryPersistence());
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setReceiveMaximum(65535);
                c.connect(o);
            } catch (Exception e) {
                c = null;
                Thread.sleep(50);
            }
        }
        byte[] marker = "\"v\":1".getBytes(StandardCharsets.US_ASCII);
        // Paho 1.2.5's subscribe(String, int, listener) recurses into itself; the array form works
        c.subscribe(new MqttSubscription[] {new MqttSubscription("gm/v1/+/up/#", 1)},
                new IMqttMessageListener[] {(topic, msg) -> count.addAndGet(occurrences(msg.getPayload(), marker))});
        return c;
    }

    /** Envelopes in a payload: a batch holds many, one per "v":1. */
    static int occurrences(byte[] hay, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    private Process startJava(String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
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
