package io.gmeye.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.rigs.disk.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site box's disk runs full while the hub is unreachable. */
class OutboxDiskTest {
    @TempDir
    Path tmp;

    private static Envelope<DeviceTelemetry> big(int i) {
        return Envelope.create("s1", "d", new DeviceTelemetry("d" + i % 10, "camera_meta", null, Map.of("blob", "x".repeat(16_000), "n", i)));
    }

    @Test
    void keepsItsDiskReserveByEvictingByPolicyAndCountsWhatItDropped() throws Exception {
        assumeTrue(SmallDisk.available(), "mounting a small tmpfs needs root");
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 96);
             RocksOutbox o = new RocksOutbox(disk.dir().resolve("outbox"), 1L << 30, 32L << 20, Clock.systemUTC(), Metrics.NOOP)) {
            int failures = 0;
            for (int i = 0; i < 8_000; i++) { // 8,000 x 16 KB = 128 MB into a 96 MB disk
                try {
                    o.append(big(i)).get();
                    if (i % 500 == 0) {
                        o.append(RocksOutboxTest.alert(i)).get();
                    }
                } catch (ExecutionException e) {
                    failures++;
                }
            }
            OutboxStats s = o.stats();
            assertThat(s.evicted()).containsKey("telemetry").doesNotContainKey("alert");
            assertThat(failures).as("appends refused while the outbox kept its reserve").isZero();
            assertThat(o.peek(Map.of(), 100)).filteredOn(r -> r.type() == MessageType.CHECKPOINT_ALERT).hasSize(16);
        }
    }

    @Test
    void refusesAppendsWhenSomethingElseFillsTheDiskAndRecoversWhenSpaceReturns() throws Exception {
        assumeTrue(SmallDisk.available(), "mounting a small tmpfs needs root");
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 48);
             RocksOutbox o = new RocksOutbox(disk.dir().resolve("outbox"), 1L << 30, 4L << 20, Clock.systemUTC(), Metrics.NOOP)) {
            o.append(big(0)).get();
            Path filler = disk.fill(32 * 1024);
            GmeyeException refused = null;
            for (int i = 1; i < 100 && refused == null; i++) {
                try {
                    o.append(big(i)).get();
                } catch (ExecutionException e) {
                    refused = GmeyeException.of(e.getCause());
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.kind()).isEqualTo(ErrorKind.STORAGE_FULL);
            assertThat(o.stats().appendFailures()).isPositive();
            Files.delete(filler);
            assertThat(o.append(big(1000)).get()).isPositive();
        }
    }
}
