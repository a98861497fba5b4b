package io.gmeye.system.bench;

import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.agent.uplink.CommandRouter;
import io.gmeye.agent.uplink.MqttUplink;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The agent side of the uplink benchmark, in its own JVM: fills a real outbox with N telemetry
 * records (durable appends), waits for "go" on stdin, then drains it with the real uplink to
 * the given broker URL and prints the rate. Args: dataDir, url, site, secret, count, batch size.
 */
public final class UplinkBenchAgent {
    private UplinkBenchAgent() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String url = args[1];
        String site = args[2];
        String secret = args[3];
        int n = Integer.parseInt(args[4]);
        int batch = Integer.parseInt(args[5]);
        Clock clock = Clock.systemUTC();
        try (RocksOutbox outbox = new RocksOutbox(dir, 8L << 30, clock, Metrics.NOOP)) {
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pending.add(outbox.append(Envelope.create(site, "bench",
                        new DeviceTelemetry("sensor-" + (i % 1000), "air_quality", null, Map.of("pm25", 35 + i % 40, "pm10", 60 + i % 50, "n", i)))));
                if (pending.size() >= 20_000) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                    pending.clear();
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("filled %d in %.2f s (%.0f durable appends/s)%n", n, fillSeconds, n / fillSeconds);
            new BufferedReader(new InputStreamReader(System.in)).readLine(); // "go"
            UplinkConfig cfg = new UplinkConfig(url, site, secret, "bench-" + site, null, 64, batch, new ByteSize(256 * 1024),
                    Duration.ofMillis(50), Duration.ofMillis(200), 0, Duration.ofSeconds(30), Duration.ofSeconds(10));
            try (MqttUplink uplink = new MqttUplink(site, cfg, outbox, new CommandRouter(clock), Metrics.NOOP, clock)) {
                uplink.start();
                while (!uplink.connected()) {
                    Thread.sleep(5);
                }
                long s0 = System.nanoTime();
                while (outbox.depth() > 0) {
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - s0) / 1e9;
                System.out.printf("drained %d in %.3f s rate=%.0f%n", n, seconds, n / seconds);
            }
        }
    }
}
