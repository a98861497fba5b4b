package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.agent.uplink.CommandRouter;
import io.gmeye.agent.uplink.MqttUplink;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 real agent uplinks (MqttUplink over RocksOutbox, in one JVM) come at a freshly started hub
 * at once, as after a hub restart. The hub's admission limits turn part of them away (0x9F
 * connection rate exceeded, 0x89 server busy while credential checks queue); the uplinks back
 * off with jitter and all are admitted and deliver, while an agent that was already connected
 * keeps getting its publishes acknowledged and /healthz keeps answering.
 */
class ReconnectStormIT {
    private static final int AGENTS = 200;
    private static final String SECRET = "storm-secret";

    @TempDir
    Path dir;

    @Test
    void twoHundredAgentsAtOnceAreAllAdmittedWhileTheHubKeepsServing() throws Exception {
        // PBKDF2 with fewer iterations than production so the test stays short; the queue is kept tiny so it still overflows
        String hash = pbkdf2Hash(SECRET, 20_000);
        List<HubConfig.SiteSection> sites = new ArrayList<>();
        for (int i = 0; i <= AGENTS; i++) {
            sites.add(new HubConfig.SiteSection("storm-" + i, null, null, hash, null));
        }
        HubConfig.Limits limits = new HubConfig.Limits(40, 40, 1, 4, null, null, null);
        Hub hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null, limits),
                new HubConfig.HttpSection("127.0.0.1", 0), sites)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<MqttUplink> uplinks = new ArrayList<>();
        List<RocksOutbox> outboxes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicLong bystanderAcks = new AtomicLong();
        AtomicLong bystanderWorstMs = new AtomicLong();
        AtomicLong healthzAnswers = new AtomicLong();
        AtomicLong healthzWorstMs = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        MqttClient bystander = connect(hub, "storm-0");
        Thread publisher = loop("bystander", storming, failures, () -> {
            long t0 = System.nanoTime();
            Envelope<DeviceTelemetry> e = Envelope.create("storm-0", "m", new DeviceTelemetry("m", "water_meter", null, Map.of("l", 1)));
            bystander.publish(Topics.up("storm-0", MessageType.DEVICE_TELEMETRY), new MqttMessage(new EnvelopeCodec().encode(e), 1, false, null));
            bystanderWorstMs.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
            bystanderAcks.incrementAndGet();
            Thread.sleep(20);
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Thread prober = loop("healthz", storming, failures, () -> {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/healthz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            healthzWorstMs.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
            healthzAnswers.incrementAndGet();
            Thread.sleep(50);
        });
        MicrometerMetrics agentMetrics = new MicrometerMetrics();
        try {
            Clock clock = Clock.systemUTC();
            List<CompletableFuture<Long>> appended = new ArrayList<>();
            for (int i = 1; i <= AGENTS; i++) {
                String site = "storm-" + i;
                RocksOutbox outbox = new RocksOutbox(dir.resolve("agents").resolve(site), 16L << 20, clock, agentMetrics);
                outboxes.add(outbox);
                Envelope<DeviceTelemetry> e = Envelope.create(site, "m", new DeviceTelemetry("m", "water_meter", null, Map.of("l", i)));
                appended.add(outbox.append(e));
                ids.add(e.id());
                uplinks.add(new MqttUplink(site, new UplinkConfig("tcp://127.0.0.1:" + hub.mqttPort(), null, SECRET, null, null, null, null, null,
                        Duration.ofMillis(300), Duration.ofSeconds(4), null, null, Duration.ofSeconds(10)), outbox, new CommandRouter(clock),
                        agentMetrics, clock));
            }
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            uplinks.forEach(MqttUplink::start); // all at once
            long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
            while (uplinks.stream().anyMatch(u -> !u.connected()) || outboxes.stream().anyMatch(o -> o.depth() > 0)) {
                assertThat(System.nanoTime()).as("all %d agents admitted and delivered in time; still out: %d", AGENTS,
                        uplinks.stream().filter(u -> !u.connected()).count()).isLessThan(deadline);
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            storming.set(false);
            publisher.join(10_000);
            prober.join(10_000);

            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long rate = counter(metrics, "gmeye_agents_connects_total\\{outcome=\"rate\"\\}");
            long busy = counter(metrics, "gmeye_agents_connects_total\\{outcome=\"busy\"\\}");
            long accepted = counter(metrics, "gmeye_agents_connects_total\\{outcome=\"accepted\"\\}");
            System.out.printf("storm: %d agents admitted in %.1f s; hub turned away %d for rate, %d busy; bystander %d acks (worst %d ms);"
                    + " healthz %d answers (worst %d ms)%n", AGENTS, seconds, rate, busy, bystanderAcks.get(), bystanderWorstMs.get(),
                    healthzAnswers.get(), healthzWorstMs.get());
            assertThat(failures).as("the bystander and /healthz never failed").isEmpty();
            assertThat(rate + busy).as("the admission limits engaged").isPositive();
            assertThat(accepted).isGreaterThanOrEqualTo(AGENTS + 1);
            assertThat(agentMetrics.scrape()).contains("gmeye_uplink_connects_total{outcome=\"busy\"}");
            assertThat(bystanderAcks.get()).isPositive();
            assertThat(healthzAnswers.get()).isPositive();
            assertThat(ids.stream().filter(id -> hub.store().get(Space.MESSAGES, Keys.bytes(id)) == null).toList()).isEmpty();
        } finally {
            storming.set(false);
            closeAll(uplinks, outboxes); // closing waits on sockets: in parallel, or the teardown outlasts the storm
            bystander.disconnect();
            bystander.close();
            hub.close();
        }
    }

    private static void closeAll(List<MqttUplink> uplinks, List<RocksOutbox> outboxes) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        for (int i = 0; i < uplinks.size(); i++) {
            MqttUplink u = uplinks.get(i);
            RocksOutbox o = outboxes.get(i);
            pool.execute(() -> {
                u.close();
                o.close();
            });
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
    }

    interface Step {
        void run() throws Exception;
    }

    private static Thread loop(String name, AtomicBoolean running, List<Throwable> failures, Step step) {
        Thread t = new Thread(() -> {
            while (running.get()) {
                try {
                    step.run();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static MqttClient connect(Hub hub, String site) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + hub.mqttPort(), "bystander", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(site);
        o.setPassword(SECRET.getBytes(StandardCharsets.UTF_8));
        c.setTimeToWait(5_000);
        c.connect(o);
        return c;
    }

    private static long counter(String scrape, String name) {
        Matcher m = Pattern.compile("^" + name + " ([0-9.E+]+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** The stored form the hub reads (pbkdf2-sha256:iterations:salt:hash), with fewer iterations. */
    private static String pbkdf2Hash(String secret, int iterations) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] h = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256))
                .getEncoded();
        return "pbkdf2-sha256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(h);
    }
}
