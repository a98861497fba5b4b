package io.gmeye.system.bench;

import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.inspection.InspectionService;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.uplink.CommandRouter;
import io.gmeye.agent.uplink.MqttUplink;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench inspection: how many cameras one agent analyses at a given sampling rate with
 * scenes active, and the latency from frame grab to the event stored at the hub. Each camera
 * watches a car park whose cars leave and come back (two photographs alternating: 5 s parked,
 * 3 s empty), with a parking scene (dwell 2 s), so events keep coming. Every sample is analysed
 * (patrol interval = sample interval: the worst case, no motion gating). Camera counts rise
 * step by step until the agent no longer analyses 95% of the samples offered.
 */
@Tag("bench")
class InspectionBench {
    @TempDir
    Path dir;

    @Test
    void camerasTimesSamplingRateAndGrabToHubLatency() throws Exception {
        long intervalMs = Long.getLong("bench.interval", 500);
        long phaseMs = Long.getLong("bench.phase", 10_000);
        int[] steps = {4, 8, 12, 16, 24, 32, 48};
        Path shared = Path.of(System.getProperty("gmeye.shared")).resolve("images/coco");
        BgrImage parked = Jpeg.decode(Files.readAllBytes(shared.resolve("000000009891.jpg")));
        BgrImage empty = Jpeg.decode(Files.readAllBytes(shared.resolve("000000006723.jpg")));
        BgrImage emptySized = resize(empty, parked.width(), parked.height());

        YamlConfigLoader yaml = new YamlConfigLoader("GMEYE_BENCH_");
        HubConfig hubConfig = yaml.loadString("hub.yaml", """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: %d}
                http: {host: 127.0.0.1, port: %d}
                sites: [{id: site-b, secret: b-secret}]
                """.formatted(dir.resolve("hub"), FreePorts.next(), FreePorts.next()), HubConfig.class, Map.of());
        Hub hub = Hub.start(hubConfig).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<Long> eventLatency = Collections.synchronizedList(new ArrayList<>());
        hub.ingest().onStored(e -> {
            if (e.type() == MessageType.INSPECTION_EVENT && ((InspectionEvent) e.body()).phase() == EventPhase.NEW) {
                eventLatency.add(System.currentTimeMillis() - ((InspectionEvent) e.body()).updatedAt());
            }
        });
        UplinkConfig up = yaml.loadString("agent.yaml", "{url: \"tcp://127.0.0.1:%d\", password: b-secret}".formatted(hub.mqttPort()),
                UplinkConfig.class, Map.of());
        Vertx vertx = Vertx.vertx();
        SharedDetectors detectors = new SharedDetectors();
        Clock clock = Clock.systemUTC();
        RocksOutbox outbox = new RocksOutbox(dir.resolve("agent/outbox"), 256L << 20, clock, Metrics.NOOP);
        MqttUplink uplink = new MqttUplink("site-b", up, outbox, new CommandRouter(clock), Metrics.NOOP, clock);
        uplink.start();
        long started = System.currentTimeMillis();
        FrameSource cameras = id -> {
            long now = System.currentTimeMillis();
            long offset = Math.abs(id.hashCode()) % 8_000;
            BgrImage picture = ((now + offset) / 1_000) % 8 < 5 ? parked : emptySized;
            return Optional.of(new CameraFrame(id, now, (now - started) / 40, picture)); // a 25 fps camera
        };

        int sustained = 0;
        double sustainedRate = 0;
        List<String> log = new ArrayList<>();
        List<Long> sustainedLatency = new ArrayList<>();
        try {
            for (int n : steps) {
                List<SceneConfig> scenes = new ArrayList<>();
                for (int c = 0; c < n; c++) {
                    scenes.add(new SceneConfig("cam-" + c + "-parking", SceneType.PARKING, "cam-" + c, null, null, null, null, null, null,
                            null, null, Duration.ofSeconds(2), 2, null, Duration.ZERO, Duration.ofSeconds(1), null, null, null));
                }
                InspectionConfig config = yaml.loadString("inspection.yaml", """
                        modelsDir: %s
                        sampleInterval: %dms
                        patrolInterval: %dms
                        perCameraQueue: 1
                        maxPending: 256
                        """.formatted(Path.of(System.getProperty("gmeye.root")).resolve("models-installed"), intervalMs, intervalMs),
                        InspectionConfig.class, Map.of()).withScenes(scenes);
                MicrometerMetrics metrics = new MicrometerMetrics();
                InspectionService service = new InspectionService(vertx, outbox, cameras, ClipRequests.NONE, clock, metrics, "site-b",
                        config, FaceRule.OFF, detectors);
                service.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                Thread.sleep(2_000); // warm-up
                double before = analysed(metrics.scrape());
                eventLatency.clear();
                Thread.sleep(phaseMs);
                String scrape = metrics.scrape();
                double done = analysed(scrape) - before;
                scrape.lines().filter(l -> l.startsWith("inspection_samples_total") || l.startsWith("inference_requests_total"))
                        .forEach(l -> System.out.println("  " + l));
                service.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                double offered = n * 1000.0 / intervalMs * phaseMs / 1000.0;
                double rate = done * 1000.0 / phaseMs;
                log.add(n + ":" + Math.round(100 * done / offered) + "%");
                System.out.printf("cameras %d: analysed %.1f samples/s of %.1f offered (%.0f%%), %d events%n", n, rate,
                        offered * 1000 / phaseMs, 100 * done / offered, eventLatency.size());
                if (done < 0.95 * offered) {
                    break;
                }
                sustained = n;
                sustainedRate = rate;
                synchronized (eventLatency) {
                    sustainedLatency = new ArrayList<>(eventLatency);
                }
            }
        } finally {
            uplink.close();
            outbox.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            detectors.close();
            hub.close();
        }
        Collections.sort(sustainedLatency);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("sample_interval_ms", intervalMs);
        f.put("samples_per_camera_per_s", 1000.0 / intervalMs);
        f.put("cameras_sustained", sustained);
        f.put("analysed_per_s", Math.round(sustainedRate * 10) / 10.0);
        f.put("steps", String.join(",", log));
        f.put("events", sustainedLatency.size());
        f.put("grab_to_hub_p50_ms", percentile(sustainedLatency, 0.50));
        f.put("grab_to_hub_p99_ms", percentile(sustainedLatency, 0.99));
        f.put("stored_at", "hub");
        // other work on the machine skews both sides; the load says how quiet it was
        f.put("load_avg", Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 10) / 10.0);
        BenchReport.write("inspection", f);
    }

    private static final Pattern ANALYSED = Pattern.compile("inspection_samples_total\\{outcome=\"(patrol|motion)\"} ([0-9.E]+)");

    static double analysed(String scrape) {
        double n = 0;
        Matcher m = ANALYSED.matcher(scrape);
        while (m.find()) {
            n += Double.parseDouble(m.group(2));
        }
        return n;
    }

    static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    static BgrImage resize(BgrImage src, int w, int h) {
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        out.getGraphics().drawImage(Jpeg.toBufferedImage(src), 0, 0, w, h, null);
        return Jpeg.fromBufferedImage(out);
    }
}
