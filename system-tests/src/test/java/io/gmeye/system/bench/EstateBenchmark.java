package io.gmeye.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.agents.SiteCredentials;
import io.gmeye.rigs.estate.DayProfile;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.EstateSim;
import io.gmeye.rigs.estate.EstateStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench estate: one hub (its own JVM, -Xmx2g) under the simulated district (200 sites,
 * 43,000 cameras, 10,022 devices, 931 checkpoints) at a rush hour. Measures the hub's CPU (of 2
 * cores), heap, ingest lag (publish to PUBACK, which the hub sends after its durable write), view
 * latency, and store growth per day. The reference is the goal itself: ratio is the worst
 * figure over its goal (CPU 30%, heap 2 GiB, lag 1 s, view p99 50 ms), at most 1 when all are met.
 */
@Tag("bench")
class EstateBenchmark {
    private static final int SITES = Integer.getInteger("bench.estate.sites", 200);
    private static final int WARMUP_S = Integer.getInteger("bench.estate.warmup", 60);
    private static final int WINDOW_S = Integer.getInteger("bench.estate.window", 180);
    private static final String START = System.getProperty("bench.estate.start", "07:45");
    private static final boolean JFR = Boolean.getBoolean("bench.estate.jfr");
    private static final String SECRET = "estate-secret";
    private static final Pattern GAUGE = Pattern.compile("^(gmeye_process_\\w+|gmeye_agents_connected) ([0-9.E+-]+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void estate() throws Exception {
        int mqtt = BenchPorts.free();
        int http = BenchPorts.free();
        Path hubYaml = dir.resolve("hub.yaml");
        StringBuilder yaml = new StringBuilder("dataDir: " + dir.resolve("hub") + "\nmqtt: {host: 127.0.0.1, port: " + mqtt + "}\nhttp: {host: 127.0.0.1, port: "
                + http + "}\nsites:\n");
        String hash = SiteCredentials.hash(SECRET);
        District district = District.guangming(SITES);
        district.sites().forEach(s -> yaml.append("  - {id: ").append(s.id()).append(", secretHash: \"").append(hash).append("\"}\n"));
        Files.writeString(hubYaml, yaml);
        Path out = Path.of(System.getProperty("gmeye.root", ".")).resolve("target").resolve("bench");
        Files.createDirectories(out);
        List<String> jvm = new ArrayList<>(List.of("-Xmx2g"));
        if (JFR) {
            jvm.add("-XX:StartFlightRecording=filename=" + out.resolve("estate.jfr") + ",settings=profile,dumponexit=true");
        }
        Process hub = startJava("hub", jvm, "io.gmeye.hub.app.HubMain", hubYaml.toString());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Object> figures = new LinkedHashMap<>();
        try (EstateSim sim = new EstateSim(district, EstateSim.Rates.DISTRICT, LocalTime.parse(START), 1)) {
            awaitLine(dir.resolve("hub.log"), "gmeye hub ready", Duration.ofSeconds(60));
            sim.start("tcp://127.0.0.1:" + mqtt, s -> SECRET, Duration.ofMinutes(5));
            Thread.sleep(WARMUP_S * 1000L); // the first full health batches of every site, JIT, memtables
            sim.stats().reset();
            long storeBefore = size(dir.resolve("hub"));
            long cpuBefore = cpuNanos(hub);
            double busy = DayProfile.at(sim.virtualSecondOfDay());
            List<Long> overview = Collections.synchronizedList(new ArrayList<>());
            List<Long> sites = Collections.synchronizedList(new ArrayList<>());
            Map<String, Double> gaugeMax = new LinkedHashMap<>();
            AtomicBoolean measuring = new AtomicBoolean(true);
            Thread prober = new Thread(() -> probe(client, http, measuring, overview, sites, gaugeMax), "prober");
            prober.start();
            long t0 = System.nanoTime();
            Thread.sleep(WINDOW_S * 1000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu = cpuNanos(hub) - cpuBefore;
            measuring.set(false);
            prober.join(10_000);
            long storeAfter = size(dir.resolve("hub"));
            EstateStats st = sim.stats();
            System.out.println("estate window: " + st + " " + st.recordsByType());

            double cpuPct = cpu / 1e9 / seconds / 2 * 100;
            double heapMb = gaugeMax.getOrDefault("gmeye_process_heap_used_bytes", 0.0) / 1048576;
            double liveMb = gaugeMax.getOrDefault("gmeye_process_heap_live_bytes", 0.0) / 1048576;
            double bytesPerRecord = st.totalRecords() == 0 ? 0 : (double) (storeAfter - storeBefore) / st.totalRecords();
            double dailyRecords = EstateSim.dailyRecords(st.totalRecords(), seconds, busy);
            figures.put("sites", SITES);
            figures.put("cameras", district.cameras());
            figures.put("devices", district.devices());
            figures.put("checkpoints", district.checkpoints());
            figures.put("virtual_start", START);
            figures.put("busy_multiplier", busy);
            figures.put("window_s", Math.round(seconds));
            figures.put("records_per_s", Math.round(st.totalRecords() / seconds));
            figures.put("publishes_per_s", Math.round(st.publishes() / seconds));
            figures.put("mb_in_per_s", round(st.bytes() / seconds / 1e6));
            figures.put("refused", st.refused());
            figures.put("skipped", st.skipped());
            figures.put("hub_cpu_pct_of_2_cores", round(cpuPct));
            figures.put("hub_heap_max_mb", Math.round(heapMb));
            figures.put("hub_heap_live_max_mb", Math.round(liveMb));
            figures.put("hub_threads", gaugeMax.getOrDefault("gmeye_process_threads", 0.0).intValue());
            figures.put("lag_p50_ms", st.lagPercentileMs(0.5));
            figures.put("lag_p99_ms", st.lagPercentileMs(0.99));
            figures.put("lag_max_ms", st.maxLagMs());
            figures.put("overview_p50_ms", pct(overview, 0.5));
            figures.put("overview_p99_ms", pct(overview, 0.99));
            figures.put("sites_p50_ms", pct(sites, 0.5));
            figures.put("sites_p99_ms", pct(sites, 0.99));
            figures.put("store_bytes_per_record", Math.round(bytesPerRecord));
            figures.put("store_gb_per_day_at_this_rate", round((storeAfter - storeBefore) / seconds * 86_400 / 1e9));
            figures.put("store_gb_per_day_profiled", round(bytesPerRecord * dailyRecords / 1e9));
            double ratio = Math.max(Math.max(cpuPct / 30, heapMb / 2048), Math.max(st.lagPercentileMs(0.99) / 1000.0,
                    Math.max(pct(overview, 0.99), pct(sites, 0.99)) / 50));
            figures.put("ratio", round(ratio));
            figures.put("goals_met", ratio <= 1);
            BenchReport.write("estate", figures);
            assertThat(st.totalRecords()).isPositive();
        } finally {
            hub.destroy();
            hub.waitFor(30, TimeUnit.SECONDS);
            hub.destroyForcibly();
        }
    }

    /** Polls both views alternately and the hub's process gauges, for the measuring window. */
    private static void probe(HttpClient client, int port, AtomicBoolean running, List<Long> overview, List<Long> sites, Map<String, Double> gaugeMax) {
        long lastGauges = 0;
        while (running.get()) {
            try {
                overview.add(get(client, port, "/api/v1/overview"));
                sites.add(get(client, port, "/api/v1/sites"));
                if (System.currentTimeMillis() - lastGauges > 2_000) {
                    lastGauges = System.currentTimeMillis();
                    String scrape = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = GAUGE.matcher(scrape);
                    while (m.find()) {
                        gaugeMax.merge(m.group(1), Double.parseDouble(m.group(2)), Math::max);
                    }
                }
                Thread.sleep(100);
            } catch (Exception e) {
                System.err.println("probe failed: " + e);
            }
        }
    }

    private static long get(HttpClient client, int port, String path) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return System.nanoTime() - t;
    }

    private static double pct(List<Long> nanos, double p) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return s.isEmpty() ? 0 : round(s.get((int) Math.max(0, Math.ceil(s.size() * p) - 1)) / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static long size(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private Process startJava(String name, List<String> jvmArgs, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static void awaitLine(Path log, String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
}
