package io.gmeye.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksOutboxTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T08:00:00Z"));
    final EnvelopeCodec codec = new EnvelopeCodec();

    static Envelope<DeviceTelemetry> telemetry(int n) {
        return Envelope.create("s1", "d" + n, new DeviceTelemetry("d" + n, "smoke", null, Map.of("n", n)));
    }

    static Envelope<AgentHealth> health() {
        return Envelope.create("s1", "agent", new AgentHealth("t", 1, new OutboxStats(0, 0, 0, Map.of(), 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1));
    }

    static Envelope<CheckpointAlert> alert(int n) {
        return Envelope.create("s1", "gate", new CheckpointAlert("a" + n, "gate-1", AlertState.DISCOVERED, "red_code", "h", "m", null, null));
    }

    @Test
    void stampsIncreasingSequenceNumbersIntoTheEnvelopes() throws Exception {
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            long a = o.append(telemetry(1)).get();
            long b = o.append(telemetry(2)).get();
            assertThat(b).isEqualTo(a + 1);
            List<OutboxRecord> recs = o.peek(Map.of(), 10);
            assertThat(recs).extracting(OutboxRecord::seq).containsExactly(a, b);
            assertThat(codec.decode(recs.get(1).envelope()).seq()).isEqualTo(b);
        }
    }

    @Test
    void keepsStateWrittenWithARecordAcrossARestartUntilARecordRemovesIt() throws Exception {
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            o.append(telemetry(1), StateChange.put("cmd/a", new byte[] {1})).get();
            o.append(telemetry(2), StateChange.put("cmd/b", new byte[] {2})).get();
            o.append(telemetry(3), StateChange.put("other/c", new byte[] {3})).get();
        }
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            assertThat(o.state("cmd/")).containsOnlyKeys("cmd/a", "cmd/b");
            assertThat(o.state("cmd/").get("cmd/b")).containsExactly(2);
            o.append(telemetry(4), StateChange.remove("cmd/a")).get();
            assertThat(o.depth()).isEqualTo(4);
        }
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            assertThat(o.state("cmd/")).containsOnlyKeys("cmd/b");
            assertThat(o.state("")).containsOnlyKeys("cmd/b", "other/c");
        }
    }

    @Test
    void keepsWhatItAcceptedAcrossARestartAndGoesOnCounting() throws Exception {
        long last;
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            for (int i = 0; i < 100; i++) {
                o.append(telemetry(i));
            }
            last = o.append(telemetry(100)).get();
        }
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            assertThat(o.depth()).isEqualTo(101);
            assertThat(o.append(telemetry(101)).get()).isEqualTo(last + 1);
        }
    }

    @Test
    void drainsAlertsAndEventsBeforeHealthAndInOrderWithinAClass() throws Exception {
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            o.append(health()).get();
            o.append(telemetry(1)).get();
            o.append(alert(1)).get();
            o.appendSnapshot(Envelope.create("s1", "cam", new Snapshot("ev1", "clean", "cam-1", 2, 2)), new byte[] {(byte) 0xFF, (byte) 0xD8}).get();
            o.append(alert(2)).get();
            List<OutboxRecord> recs = o.peek(Map.of(), 10);
            assertThat(recs).extracting(OutboxRecord::type).containsExactly(MessageType.CHECKPOINT_ALERT, MessageType.CHECKPOINT_ALERT,
                    MessageType.SNAPSHOT, MessageType.DEVICE_TELEMETRY, MessageType.AGENT_HEALTH);
            assertThat(recs.get(0).seq()).isLessThan(recs.get(1).seq());
            assertThat(recs.get(2).binary()).containsExactly(0xFF, 0xD8);
        }
    }

    @Test
    void resumesEachClassAfterItsCursorAndForgetsAcknowledgedRecords() throws Exception {
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            for (int i = 0; i < 5; i++) {
                o.append(telemetry(i)).get();
            }
            List<OutboxRecord> first = o.peek(Map.of(), 2);
            Map<Priority, Long> cursor = new EnumMap<>(Priority.class);
            cursor.put(Priority.TELEMETRY, first.get(1).seq());
            assertThat(o.peek(cursor, 10)).hasSize(3);
            o.acknowledge(first).get();
            assertThat(o.depth()).isEqualTo(3);
            assertThat(o.peek(Map.of(), 10)).extracting(OutboxRecord::seq).doesNotContain(first.get(0).seq(), first.get(1).seq());
        }
    }

    @Test
    void reportsTheAgeOfTheOldestUndeliveredRecord() throws Exception {
        try (RocksOutbox o = new RocksOutbox(dir, 1 << 30, clock, Metrics.NOOP)) {
            o.append(telemetry(1)).get();
            clock.advance(Duration.ofMinutes(5));
            o.append(telemetry(2)).get();
            assertThat(o.stats().oldestAgeMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
            assertThat(o.stats().depth()).isEqualTo(2);
        }
    }

    @Test
    void overItsSizeEvictsTheOldestHealthFirstAndCountsIt() throws Exception {
        try (RocksOutbox o = new RocksOutbox(dir, 20_000, clock, Metrics.NOOP)) {
            o.append(alert(0)).get();
            for (int i = 0; i < 40; i++) {
                o.append(telemetry(i)).get();
            }
            for (int i = 0; i < 200; i++) {
                o.append(health()).get();
            }
            o.append(alert(1)).get();
            Thread.sleep(300); // eviction runs as its own write after the append
            OutboxStats s = o.stats();
            assertThat(s.bytes()).isLessThanOrEqualTo(20_000 + 2_000);
            assertThat(s.evicted()).containsKey("health").doesNotContainKey("alert");
            List<OutboxRecord> left = o.peek(Map.of(), 1000);
            assertThat(left).filteredOn(r -> r.type() == MessageType.CHECKPOINT_ALERT).hasSize(2);
            assertThat(left).filteredOn(r -> r.type() == MessageType.DEVICE_TELEMETRY).hasSize(40);
        }
        try (RocksOutbox o = new RocksOutbox(dir, 20_000, clock, Metrics.NOOP)) {
            assertThat(o.stats().evicted().get("health")).as("eviction counts survive a restart").isPositive();
        }
    }
}
