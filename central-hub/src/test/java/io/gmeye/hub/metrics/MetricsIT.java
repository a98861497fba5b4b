package io.gmeye.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics of a hub fed by agents over real MQTT, as Prometheus and an operator read it:
 * every family explained, JVM and process metrics, the online rate and the estate by state in
 * agreement with the API, an ingest lag histogram, a CPU load that moves; and the alert rules and
 * the dashboard shipped in docker/ name only metrics this hub exposes.
 */
class MetricsIT {
    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath().normalize();
    /** Series Prometheus makes itself rather than scrapes. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    @TempDir
    static Path dir;
    static TestHub hub;
    static District district;
    static int publishes;

    @BeforeAll
    static void start() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
        district = DistrictGenerator.generate(DistrictGenerator.SMALL, 5);
        Traffic traffic = new Traffic(district, 5);
        hub = TestHub.start(dir, district, clock);
        hub.importRegistry(hub.admin());
        // site-001 all online; site-002 about half its cameras down (offline, unauthorized or not found); site-003 never reports
        SiteAgentClient a1 = hub.agent("site-001");
        a1.publish(traffic.cameraHealth("site-001", 0, clock.millis()));
        a1.publish(traffic.deviceHealth("site-001", 0, clock.millis()));
        a1.publish(traffic.agentHealth("site-001", 1, clock.millis()));
        SiteAgentClient a2 = hub.agent("site-002");
        a2.publish(traffic.cameraHealth("site-002", 0.5, clock.millis()));
        a2.publish(traffic.agentHealth("site-002", 1, clock.millis()));
        publishes = 5;
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void everyMetricFamilyHasItsHelpText() throws Exception {
        Scrape s = scrape();
        assertThat(s.help()).hasSizeGreaterThan(30);
        assertThat(s.withoutHelp()).as("families with an empty HELP: add a line to platform's metrics-help.properties").isEmpty();
    }

    @Test
    void theJvmTheProcessAndTheStoreDiskAreMeasured() throws Exception {
        Scrape s = scrape();
        assertThat(s.names()).contains("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds", "process_files_open_files", "disk_free_bytes",
                "disk_total_bytes");
        assertThat(s.sum("jvm_memory_used_bytes")).isPositive();
        assertThat(s.value("disk_total_bytes")).isPositive();
        // the hub's own figure read 0 (the JDK's first reading); make the hub work (a login hashes its password) and read it
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            hub.admin();
            assertThat(scrape().value("gmeye_process_cpu_load")).isGreaterThan(0).isLessThanOrEqualTo(1);
        });
    }

    @Test
    void theOnlineRateAndTheEstateByStateAgreeWithTheApi() throws Exception {
        TestHub.Api admin = hub.admin();
        JsonNode rate = admin.get("/api/v1/online-rate?by=site").json();
        double overall = rate.get("overall").get("rate").asDouble();
        assertThat(overall).isLessThan(1.0);
        Map<String, Double> bySite = new LinkedHashMap<>();
        rate.get("groups").forEach(g -> bySite.put(g.get("key").asText(), g.get("rate").isNull() ? Double.NaN : g.get("rate").asDouble()));
        JsonNode overview = admin.get("/api/v1/overview").json();
        JsonNode devices = admin.get("/api/v1/devices/summary").json();
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Scrape s = scrape();
            assertThat(s.value("gmeye_cameras_online_rate")).as("overall").isCloseTo(overall, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.value("gmeye_site_cameras_online_rate", "site=site-002")).as("site-002").isCloseTo(bySite.get("site-002"),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.value("gmeye_site_cameras_online_rate", "site=site-001")).as("site-001").isEqualTo(1.0);
            assertThat(s.sum("gmeye_cameras")).as("cameras").isEqualTo(overview.get("cameras").get("total").asDouble());
            double neverReported = district.camerasOf("site-003").size();
            assertThat(s.value("gmeye_cameras", "state=offline") + s.value("gmeye_cameras", "state=unauthorized")
                    + s.value("gmeye_cameras", "state=not_found")).as("down")
                    .isEqualTo(overview.get("cameras").get("total").asDouble() - overview.get("cameras").get("online").asDouble() - neverReported)
                    .isPositive();
            assertThat(s.value("gmeye_cameras", "state=never_reported")).as("never reported").isEqualTo(neverReported);
            assertThat(s.sum("gmeye_devices")).as("devices").isEqualTo(devices.get("total").asDouble());
            assertThat(s.value("gmeye_devices", "state=online")).as("devices online").isEqualTo(devices.get("online").asDouble());
            assertThat(s.value("gmeye_site_up", "site=site-001")).as("site-001 up").isEqualTo(1.0);
            assertThat(s.value("gmeye_site_up", "site=site-003")).as("site-003 up").isEqualTo(0.0);
            assertThat(s.value("gmeye_site_outbox_depth", "site=site-001")).isNotNaN();
        });
    }

    @Test
    void ingestLagIsAHistogramOfEveryStoredPublish() throws Exception {
        Scrape s = scrape();
        assertThat(s.value("gmeye_ingest_lag_seconds_count")).isGreaterThanOrEqualTo(publishes);
        assertThat(s.value("gmeye_ingest_lag_seconds_bucket", "le=1.0")).isGreaterThanOrEqualTo(publishes);
        assertThat(s.value("gmeye_ingest_lag_seconds_bucket", "le=+Inf")).isEqualTo(s.value("gmeye_ingest_lag_seconds_count"));
    }

    @Test
    void theAlertRulesAndTheDashboardNameOnlyMetricsTheHubExposes() throws Exception {
        Set<String> exposed = scrape().names();
        Map<String, Set<String>> used = new LinkedHashMap<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker/prometheus/alerts.yml").toFile());
        rules.get("groups").forEach(g -> g.get("rules").forEach(r -> used.put("alert " + r.get("alert").asText(),
                PromQlNames.of(r.get("expr").asText()))));
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("docker/grafana/gmeye-dashboard.json").toFile());
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> used.put("panel '" + p.get("title").asText() + "' " + t.get("refId").asText(),
                PromQlNames.of(t.get("expr").asText()))));
        assertThat(used).hasSizeGreaterThan(10);
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        used.forEach((where, names) -> {
            Set<String> absent = new TreeSet<>(names);
            absent.removeAll(exposed);
            absent.removeAll(PROMETHEUS_OWN);
            if (!absent.isEmpty()) {
                missing.put(where, absent);
            }
            if (where.startsWith("alert")) {
                assertThat(names).as(where + " reads a metric").isNotEmpty();
            }
        });
        assertThat(missing).as("metrics no running hub exposes").isEmpty();
        assertThat(used.values().stream().flatMap(Set::stream)).contains("gmeye_cameras_online_rate", "gmeye_site_up",
                "gmeye_ingest_lag_seconds_bucket", "disk_free_bytes");
    }

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "rules", ROOT.resolve("docker/prometheus/alerts.yml").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    private static Scrape scrape() throws Exception {
        TestHub.Api.Response r = hub.anonymous().get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        return Scrape.parse(r.text());
    }

}
