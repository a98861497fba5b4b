package io.gmeye.agent.gb28181.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.gb28181.manscdp.Manscdp;
import io.gmeye.platform.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GbDevicesTest {
    private static final String NVR = "44031100001180000001";
    private static final String CH1 = "44031100001310000001";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T08:00:00Z"));

    private GbDevices table() {
        return new GbDevices(new GbDeviceFile(dir), clock, 60_000, 3);
    }

    @Test
    void aDeviceGoesOfflineAtTheThirdMissedKeepaliveWithTheReason() {
        GbDevices t = table();
        t.register(NVR, "udp", "10.0.0.5", 5060, clock.millis() + 3_600_000);
        t.catalog(NVR, List.of(item(CH1)), true);
        clock.advance(Duration.ofSeconds(179));
        t.sweep();
        assertThat(t.channels()).singleElement().matches(ChannelView::online);
        clock.advance(Duration.ofSeconds(1));
        t.sweep();
        assertThat(t.channels()).singleElement().satisfies(c -> {
            assertThat(c.online()).isFalse();
            assertThat(c.reason()).isEqualTo("keepalive lost: nothing heard for 180 s (3 keepalives of 60 s missed)");
        });
        assertThat(t.heard(NVR, "10.0.0.5", 5060)).isTrue(); // a keepalive while its registration holds brings it back
        assertThat(t.channels()).singleElement().matches(ChannelView::online);
    }

    @Test
    void aRegistrationThatRunsOutTakesTheDeviceOfflineAndOnlyARegisterBringsItBack() {
        GbDevices t = table();
        t.register(NVR, "udp", "10.0.0.5", 5060, clock.millis() + 100_000);
        t.catalog(NVR, List.of(item(CH1)), true);
        clock.advance(Duration.ofSeconds(50));
        t.heard(NVR, "10.0.0.5", 5060);
        clock.advance(Duration.ofSeconds(51));
        t.sweep();
        assertThat(t.channels()).singleElement().satisfies(c -> assertThat(c.reason()).isEqualTo("registration expired and was not renewed"));
        assertThat(t.heard(NVR, "10.0.0.5", 5060)).as("a keepalive is no registration").isFalse();
        assertThat(t.register(NVR, "udp", "10.0.0.5", 5060, clock.millis() + 3_600_000)).as("came back: ask its catalog").isTrue();
        assertThat(t.channels()).singleElement().matches(ChannelView::online);
    }

    @Test
    void aRestartKeepsRegistrationsAndJudgesSilenceFromTheRestart() {
        GbDevices before = table();
        before.register(NVR, "tcp", "10.0.0.5", 40_123, clock.millis() + 3_600_000);
        before.catalog(NVR, List.of(item(CH1)), true);
        clock.advance(Duration.ofSeconds(150)); // silent for 150 s when the agent restarts
        GbDevices after = table();
        assertThat(after.alive(NVR)).isTrue();
        assertThat(after.contact(NVR)).contains(new Contact(NVR, "tcp", "10.0.0.5", 40_123));
        assertThat(after.deviceOf(CH1)).contains(NVR);
        clock.advance(Duration.ofSeconds(179));
        after.sweep();
        assertThat(after.alive(NVR)).as("three keepalives from the restart, not from the last one heard").isTrue();
        clock.advance(Duration.ofSeconds(1));
        after.sweep();
        assertThat(after.alive(NVR)).isFalse();
    }

    @Test
    void aCatalogWithPartsMissingAddsToTheChannelsKnownAndAWholeOneReplacesThem() {
        GbDevices t = table();
        t.register(NVR, "udp", "10.0.0.5", 5060, clock.millis() + 3_600_000);
        t.catalog(NVR, List.of(item(CH1), item("44031100001310000002")), true);
        t.catalog(NVR, List.of(item("44031100001310000003")), false);
        assertThat(t.channels()).extracting(ChannelView::id).containsExactly(CH1, "44031100001310000002", "44031100001310000003");
        t.catalog(NVR, List.of(item("44031100001310000003"), item("44031100002150000001")), true); // a business group is not a camera
        assertThat(t.channels()).extracting(ChannelView::id).containsExactly("44031100001310000003");
    }

    private static Manscdp.CatalogItem item(String id) {
        return new Manscdp.CatalogItem(id, "channel " + id.substring(16), "gmeye", "sim", "440311", NVR, true, 1, null);
    }
}
