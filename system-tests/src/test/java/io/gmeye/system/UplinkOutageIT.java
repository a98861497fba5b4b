package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.outbox.Priority;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.net.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An uplink that goes half-open (black hole) and then dead while the site keeps producing a
 * backlog of more than 100,000 records of every priority class. When the link returns the backlog
 * drains at the configured rate, in order within each class, and nothing is lost.
 */
class UplinkOutageIT {
    private static final int RECORDS = 110_000;
    private static final int DRAIN_RATE = 40_000;

    @TempDir
    Path dir;

    @Test
    void aBacklogFromAnOutageDrainsInOrderAtABoundedRateWithNothingLost() throws Exception {
        HubConfig config = new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("site-o", null, "o-secret", null, null)));
        Hub hub = Hub.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Map<Priority, List<Long>> storedSeqs = new EnumMap<>(Priority.class);
        List<Long> storedAt = Collections.synchronizedList(new ArrayList<>());
        hub.ingest().onStored((Envelope<?> e) -> {
            if (!e.src().equals("load")) {
                return;
            }
            synchronized (storedSeqs) {
                storedSeqs.computeIfAbsent(Priority.of(e.type()), p -> new ArrayList<>()).add(e.seq());
            }
            storedAt.add(System.nanoTime());
        });
        Path agentYaml = dir.resolve("agent.yaml");
        Path accepted = dir.resolve("accepted.txt");
        try (FaultProxy proxy = new FaultProxy(hub.mqttPort())) {
            Files.writeString(agentYaml, """
                    site: site-o
                    dataDir: %s
                    hub: {url: "tcp://127.0.0.1:%d", password: o-secret, reconnectMin: 200ms, reconnectMax: 1s, keepAlive: 2s,
                          connectTimeout: 2s, drainRate: %d}
                    health: {interval: 1s}
                    """.formatted(dir.resolve("agent"), proxy.port(), DRAIN_RATE));
            try (JavaProcess agent = JavaProcess.start("agent", dir.resolve("logs"), new HashMap<>(), "io.gmeye.system.LoadAgent",
                    agentYaml.toString(), accepted.toString(), String.valueOf(RECORDS), "60000", "mixed")) {
                awaitLines(accepted, 3_000, agent);
                proxy.blackhole();                       // half-open: the agent learns only from its keep-alive
                awaitLines(accepted, 30_000, agent);
                proxy.drop();                            // then the link is plainly down
                agent.await(Pattern.compile("load done"), Duration.ofMinutes(3));
                int backlogFloor = storedAt.size();
                long restoredAt = System.nanoTime();
                proxy.pass();
                agent.await(Pattern.compile("drained"), Duration.ofMinutes(3));
                long drainNanos = System.nanoTime() - restoredAt;
                int drained = storedAt.size() - backlogFloor;
                assertThat(drained).as("a real backlog built up during the outage").isGreaterThan(60_000);
                // bounded: the drain cannot beat the configured rate (plus one second of burst)
                assertThat(drainNanos / 1e9).isGreaterThanOrEqualTo((double) drained / DRAIN_RATE - 1.0);
            }
        }
        List<String> ids = Files.readAllLines(accepted).stream().filter(l -> !l.isBlank()).toList();
        assertThat(ids).hasSize(RECORDS);
        List<String> missing = ids.stream().filter(id -> hub.store().get(Space.MESSAGES, Keys.bytes(id)) == null).limit(5).toList();
        assertThat(missing).as("accepted records missing at the hub").isEmpty();
        synchronized (storedSeqs) {
            assertThat(storedSeqs.keySet()).contains(Priority.ALERT, Priority.EVENT, Priority.RECORD, Priority.TELEMETRY, Priority.HEALTH);
            storedSeqs.forEach((p, seqs) -> assertThat(seqs).as("stored in order within class " + p).isSorted());
        }
        hub.close();
    }

    private static void awaitLines(Path file, int n, JavaProcess agent) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((Files.exists(file) ? Files.readAllLines(file).size() : 0) < n) {
            if (System.nanoTime() > end || !agent.alive()) {
                throw new AssertionError("agent did not accept " + n + " records; log:\n" + agent.tail());
            }
            Thread.sleep(50);
        }
    }
}
