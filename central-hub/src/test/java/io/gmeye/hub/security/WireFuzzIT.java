package io.gmeye.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.testing.TestHub;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.fuzz.FuzzReport;
import io.gmeye.rigs.fuzz.WireFuzzer;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import io.gmeye.rigs.wire.Samples;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample of the wire fuzz (the bench runs far more): a few thousand mutated publishes over real
 * MQTT. Every one is answered, every refusal carries a reason, the hub never answers with an
 * unspecified error, a well-behaved connection publishing meanwhile has every message stored,
 * and afterwards the hub holds no more threads or connections than before.
 */
class WireFuzzIT {
    @TempDir
    Path dir;

    @Test
    void mutatedPublishesAreAnsweredWithReasonsAndLeaveOtherConnectionsAndTheHubUnharmed() throws Exception {
        Hub hub = TestHub.start(dir.resolve("hub"), new HubConfig.MqttSection("127.0.0.1", 0, null, null,
                new HubConfig.Limits(null, null, null, null, 10_000, 1_000_000, null)), TestHub.site("site-a", "secret-a"), TestHub.site("site-b", "secret-b"));
        try {
            warmUp(hub);
            int threadsBefore = Thread.activeCount();
            long heapBefore = usedHeapAfterGc();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            List<String> canaryIds = new ArrayList<>();
            List<String> canaryFailures = new ArrayList<>();
            Thread canary = new Thread(() -> canary(hub, fuzzing, canaryIds, canaryFailures), "canary");
            canary.start();
            FuzzReport r = new WireFuzzer("127.0.0.1", hub.mqttPort(), "site-a", "secret-a").run(11L, 3_000, 32);
            fuzzing.set(false);
            canary.join(20_000);
            System.out.println("wire fuzz: " + r);

            assertThat(r.findingSamples()).as("crashes, hangs, refusals without a reason, server errors").isEmpty();
            assertThat(r.count("accepted")).isPositive();
            assertThat(r.count("refused_0x99")).isPositive();
            assertThat(canaryFailures).isEmpty();
            assertThat(canaryIds).hasSizeGreaterThan(10);
            assertThat(canaryIds.stream().filter(id -> hub.store().get(Space.MESSAGES, Keys.bytes(id)) == null).toList()).isEmpty();
            Thread.sleep(500);
            assertThat(Thread.activeCount()).as("threads after the fuzz").isLessThanOrEqualTo(threadsBefore + 4);
            assertThat(usedHeapAfterGc() - heapBefore).as("heap growth after the fuzz").isLessThan(64L << 20);
        } finally {
            hub.close();
        }
    }

    /** Site b publishes valid telemetry all along; each must be acknowledged 0x00. */
    private static void canary(Hub hub, AtomicBoolean running, List<String> ids, List<String> failures) {
        EnvelopeCodec codec = new EnvelopeCodec();
        try (RawMqttClient c = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "canary", "site-b", "secret-b")) {
            c.await(MqttPacket.CONNACK, 5000);
            int id = 1;
            while (running.get()) {
                Envelope<?> e = Samples.envelope("site-b", MessageType.DEVICE_TELEMETRY, id);
                c.send(MqttPacket.publish(Topics.up("site-b", MessageType.DEVICE_TELEMETRY), 1, id, codec.encode(e)));
                MqttPacket.Received ack = c.await(MqttPacket.PUBACK, 10_000);
                if (ack == null || ack.reasonCode() != 0) {
                    failures.add("canary publish " + id + " answered " + ack);
                    return;
                }
                ids.add(e.id());
                id++;
                Thread.sleep(20);
            }
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    /** One connection cycle first, so lazily made pools and threads exist before the baseline. */
    private static void warmUp(Hub hub) throws Exception {
        new WireFuzzer("127.0.0.1", hub.mqttPort(), "site-a", "secret-a").run(1L, 200, 8);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
