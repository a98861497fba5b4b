package io.gmeye.agent.devices.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.RecordingOutbox;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceConnectivityTest {
    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.load(TestEstate.repoRoot().resolve("config/device-types"));
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T08:00:00Z"));

    private static DeviceRegistry registry(int smokeDetectors) {
        List<DeviceEntry> e = new ArrayList<>();
        for (int i = 0; i < smokeDetectors; i++) {
            e.add(new DeviceEntry("smoke-" + i, "smoke_detector", null, null, null, null)); // heartbeat 10m
        }
        e.add(new DeviceEntry("gate-1", "turnstile", null, null, null, null)); // heartbeat 1m
        return new DeviceRegistry(e, TYPES);
    }

    @Test
    void aDeviceIsOnlineWhenHeardAndOfflineAfterThreeOfItsHeartbeats() {
        DeviceConnectivity c = new DeviceConnectivity(registry(1), clock, 3);
        assertThat(c.evaluate()).isEmpty(); // all start offline: "never seen"
        c.seen("gate-1");
        assertThat(c.evaluate()).extracting(DeviceHealth::device, DeviceHealth::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("gate-1", DeviceState.ONLINE));
        clock.advance(Duration.ofMinutes(3));
        assertThat(c.evaluate()).isEmpty(); // exactly at the allowance: still online
        clock.advance(Duration.ofSeconds(1));
        List<DeviceHealth> changed = c.evaluate();
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).state()).isEqualTo(DeviceState.OFFLINE);
        assertThat(changed.get(0).reason()).contains("silent for 181 s");
        assertThat(changed.get(0).lastSeen()).isEqualTo(Instant.parse("2025-01-01T08:00:00Z").toEpochMilli());
    }

    @Test
    void theAgentClockSteppingBackDoesNotTakeDevicesOffline() {
        DeviceConnectivity c = new DeviceConnectivity(registry(1), clock, 3);
        c.seen("gate-1");
        c.evaluate();
        clock.advance(Duration.ofHours(-2)); // NTP correction on the box
        assertThat(c.evaluate()).isEmpty();
        assertThat(c.state("gate-1")).isEqualTo(DeviceState.ONLINE);
    }

    @Test
    void refusedMessagesStillCountAsSignsOfLifeAndAreCounted() {
        DeviceConnectivity c = new DeviceConnectivity(registry(1), clock, 3);
        c.seen("smoke-0");
        c.rejected("smoke-0");
        c.evaluate();
        assertThat(c.snapshot()).filteredOn(h -> h.device().equals("smoke-0")).singleElement()
                .satisfies(h -> {
                    assertThat(h.state()).isEqualTo(DeviceState.ONLINE);
                    assertThat(h.rejected()).isEqualTo(1);
                });
    }

    @Test
    void reportsChangesEachTickAndEveryDeviceInBatchesWhenAFullReportIsDue() {
        DeviceConnectivity c = new DeviceConnectivity(registry(1200), clock, 3);
        RecordingOutbox outbox = new RecordingOutbox();
        DeviceHealthReporter r = new DeviceHealthReporter(c, outbox, clock, Metrics.NOOP, "site-a", 500, Duration.ofMinutes(5).toMillis());
        r.tick().join();
        List<DeviceHealthBatch> first = outbox.bodies(DeviceHealthBatch.class);
        assertThat(first).hasSize(3).allMatch(DeviceHealthBatch::full);
        assertThat(first.stream().mapToInt(b -> b.devices().size()).sum()).isEqualTo(1201);

        c.seen("smoke-7");
        clock.advance(Duration.ofSeconds(10));
        r.tick().join();
        List<DeviceHealthBatch> all = outbox.bodies(DeviceHealthBatch.class);
        assertThat(all).hasSize(4);
        assertThat(all.get(3).full()).isFalse();
        assertThat(all.get(3).devices()).extracting(DeviceHealth::device).containsExactly("smoke-7");

        clock.advance(Duration.ofSeconds(10));
        r.tick().join();
        assertThat(outbox.bodies(DeviceHealthBatch.class)).hasSize(4); // nothing changed, nothing sent

        clock.advance(Duration.ofMinutes(5));
        r.tick().join();
        assertThat(outbox.bodies(DeviceHealthBatch.class)).hasSize(7);
    }
}
