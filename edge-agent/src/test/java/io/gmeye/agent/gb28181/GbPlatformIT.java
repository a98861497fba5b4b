package io.gmeye.agent.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.gb28181.device.ChannelView;
import io.gmeye.agent.gb28181.manscdp.ManscdpMessage;
import io.gmeye.agent.gb28181.media.RtpInput;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.PtzRequest;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.gb28181.AccessUnits;
import io.gmeye.rigs.gb28181.DeviceSpec;
import io.gmeye.rigs.gb28181.GbSimulator;
import io.gmeye.rigs.gb28181.PsMuxer;
import io.gmeye.rigs.gb28181.PtzRecord;
import io.gmeye.rigs.gb28181.SimDevice;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent as a GB/T 28181 platform against simulated devices over real SIP (UDP and TCP) and
 * RTP: one platform and one simulator for the class, each test with its own devices.
 */
class GbPlatformIT {
    private static final Duration SOON = Duration.ofSeconds(15);
    private static final String PLATFORM_ID = "44031100002000000001";
    private static Path data;
    private static GbConfig config;
    private static GbFeature platform;
    private static GbSimulator sim;
    private static AccessUnits clip;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("gb-platform");
        int port = GbSimulator.freeUdpAndTcpPort("127.0.0.1");
        config = new GbConfig(true, PLATFORM_ID, null, "127.0.0.1", null, port, "site-secret",
                List.of(new GbConfig.Device(DeviceSpec.id("132", 7), "own-secret", null, List.of()),
                        new GbConfig.Device(DeviceSpec.id("132", 9), null, "tcp", List.of())),
                Duration.ofSeconds(1), 3, null, Duration.ofSeconds(3), null, null, null);
        platform = new GbFeature(config, data, Clock.systemUTC(), Metrics.NOOP);
        platform.start();
        clip = AccessUnits.of(Clips.inTempDir().pattern(320, 240, 10, 10, 4));
        sim = GbSimulator.start("127.0.0.1", new GbSimulator.Platform(PLATFORM_ID, config.domain(), "127.0.0.1", port), clip, null);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anNvrOf64ChannelsRegistersAndItsCatalogArrivesInParts() {
        SimDevice nvr = sim.add(DeviceSpec.nvr(1, "site-secret", 64));
        await().atMost(SOON).until(nvr::registered);
        assertThat(nvr.lastRegisterStatus()).isEqualTo(200);
        assertThat(nvr.dateHeader()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(nvr.id())).hasSize(64));
        ChannelView first = channelsOf(nvr.id()).get(0);
        assertThat(first.online()).isTrue();
        assertThat(first.name()).isEqualTo("NVR 1 通道 1");
        assertThat(first.civilCode()).isEqualTo("440311");
        assertThat(first.parentId()).isEqualTo(nvr.id());
        assertThat(first.ptz()).isTrue();
        assertThat(channelsOf(nvr.id()).get(1).ptz()).isFalse();
    }

    @Test
    void aCatalogNotificationOfOneChannelChangesThatChannelAndKeepsTheOthers() {
        SimDevice nvr = sim.add(DeviceSpec.nvr(2, "site-secret", 4));
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(nvr.id())).hasSize(4).allMatch(ChannelView::online));
        nvr.notifyChannel(1, false);
        await().atMost(SOON).untilAsserted(() -> {
            List<ChannelView> channels = channelsOf(nvr.id());
            assertThat(channels).hasSize(4);
            assertThat(channels.get(1).online()).isFalse();
            assertThat(channels.get(1).reason()).isEqualTo("the device reports the channel off");
            assertThat(channels.get(0).online()).isTrue();
        });
    }

    @Test
    void aWrongPasswordIsRefusedAndTheDeviceStaysOut() {
        SimDevice bad = sim.add(DeviceSpec.ipc(2, "not-the-secret", false));
        await().atMost(SOON).until(() -> bad.lastRegisterStatus() == 403);
        assertThat(bad.registered()).isFalse();
        assertThat(bad.lastRegisterReason()).contains("wrong password");
        assertThat(platform.devices().alive(bad.id())).isFalse();
        assertThat(channelsOf(bad.id())).isEmpty();
    }

    @Test
    void aDeviceWithItsOwnPasswordRegistersOverTcp() {
        SimDevice own = sim.add(DeviceSpec.ipc(7, "own-secret", true).withTransport("tcp"));
        await().atMost(SOON).until(own::registered);
        assertThat(platform.devices().contact(own.id())).hasValueSatisfying(c -> assertThat(c.transport()).isEqualTo("tcp"));
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(own.id())).hasSize(1));
    }

    @Test
    void aDeviceWhoseKeepalivesStopGoesOfflineWithTheReasonAndARegisterBringsItBack() {
        SimDevice ipc = sim.add(DeviceSpec.ipc(3, "site-secret", false).withKeepalive(Duration.ofMillis(500)));
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).singleElement().matches(ChannelView::online));
        ipc.stopKeepalives();
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).singleElement().satisfies(c -> {
            assertThat(c.online()).isFalse();
            assertThat(c.reason()).startsWith("keepalive lost").contains("3 keepalives of 1 s missed");
        }));
        ipc.resumeKeepalives();
        ipc.reregister();
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).singleElement().matches(ChannelView::online));
    }

    @Test
    void aDeviceThatUnregistersGoesOfflineWithTheReasonAndARegisterBringsItBack() {
        SimDevice ipc = sim.add(DeviceSpec.ipc(11, "site-secret", false));
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).singleElement().matches(ChannelView::online));
        ipc.unregister(); // REGISTER with Expires 0
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).singleElement().satisfies(c -> {
            assertThat(c.online()).isFalse();
            assertThat(c.reason()).isEqualTo("unregistered by the device");
        }));
        assertThat(platform.devices().alive(ipc.id())).isFalse();
        ipc.reregister();
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).singleElement().matches(ChannelView::online));
    }

    @Test
    void ptzInstructionsReachTheChannelEncodedAsTheStandardSays() throws Exception {
        SimDevice dome = sim.add(DeviceSpec.ipc(4, "site-secret", true));
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(dome.id())).hasSize(1));
        String channel = dome.spec().channels().get(0).id();
        platform.ptz(channel, PtzRequest.move(-0.5, 1, 0)).get(5, TimeUnit.SECONDS);
        platform.ptz(channel, PtzRequest.stop()).get(5, TimeUnit.SECONDS);
        platform.ptz(channel, PtzRequest.gotoPreset(3)).get(5, TimeUnit.SECONDS);
        await().atMost(SOON).untilAsserted(() -> assertThat(dome.ptzCommands()).hasSize(3));
        List<PtzRecord> got = dome.ptzCommands();
        assertThat(got).allMatch(PtzRecord::checksum).allMatch(r -> r.channelId().equals(channel));
        assertThat(got.get(0)).extracting(PtzRecord::action, PtzRecord::pan, PtzRecord::tilt).containsExactly("move", -128, 255);
        assertThat(got.get(1).action()).isEqualTo("stop");
        assertThat(got.get(2)).extracting(PtzRecord::action, PtzRecord::preset).containsExactly("goto_preset", 3);
    }

    @Test
    void ptzToAChannelNobodyHasFailsWithTheReason() {
        assertThatThrownBy(() -> platform.ptz("44031100001310099999", PtzRequest.stop()).get(5, TimeUnit.SECONDS))
                .hasMessageContaining("no GB/T 28181 channel 44031100001310099999");
    }

    @Test
    void deviceInfoAndStatusAreAnswered() throws Exception {
        SimDevice ipc = sim.add(DeviceSpec.ipc(5, "site-secret", false));
        await().atMost(SOON).until(ipc::registered);
        ManscdpMessage info = platform.queries().ask(ipc.id(), "DeviceInfo").get(5, TimeUnit.SECONDS);
        assertThat(info.text("Manufacturer")).isEqualTo("gmeye-rig");
        ManscdpMessage status = platform.queries().ask(ipc.id(), "DeviceStatus").get(5, TimeUnit.SECONDS);
        assertThat(status.text("Online")).isEqualTo("ONLINE");
    }

    @Test
    void anInvitedChannelStreamsPsOverUdpAndTcpAndByeEndsIt() throws Exception {
        SimDevice udpIpc = sim.add(DeviceSpec.ipc(6, "site-secret", false));
        SimDevice tcpIpc = sim.add(DeviceSpec.ipc(9, "site-secret", false)); // gb28181.devices says media: tcp
        for (SimDevice d : List.of(udpIpc, tcpIpc)) {
            await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(d.id())).hasSize(1));
            String channel = d.spec().channels().get(0).id();
            try (MediaSessions.Session s = platform.media().open(channel)) {
                assertThat(s.mediaTransport()).isEqualTo(d == udpIpc ? "udp" : "tcp");
                byte[] ps = readAtLeast(s.input(), 20_000);
                assertThat(ps).startsWith(0x00, 0x00, 0x01, 0xBA); // a PS pack header
                assertThat(indexOf(ps, new byte[] {0x00, 0x00, 0x01, (byte) 0xBC})).isPositive(); // the stream map
                assertThat(d.activeStreams()).isEqualTo(1);
            }
            await().atMost(SOON).until(() -> d.byes() == 1 && d.activeStreams() == 0);
        }
    }

    @Test
    void packetsSentOutOfOrderArePutBackInOrderByteForByte() throws Exception {
        SimDevice ipc = sim.add(DeviceSpec.ipc(10, "site-secret", false));
        ipc.reorderPackets(true); // each frame's second RTP packet is sent before its first
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).hasSize(1));
        // what the device's muxer made of its first frames, in order
        PsMuxer muxer = new PsMuxer(false);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) {
            AccessUnits.Frame f = clip.frames().get(i);
            expected.write(muxer.frame(f.data(), f.key(), i * 9_000L));
        }
        try (MediaSessions.Session s = platform.media().open(ipc.spec().channels().get(0).id())) {
            byte[] got = readAtLeast(s.input(), expected.size());
            assertThat(java.util.Arrays.copyOf(got, expected.size())).isEqualTo(expected.toByteArray());
            assertThat(s.input().lostPackets()).isZero();
        }
    }

    @Test
    void registrationsAndCatalogsSurviveARestartOfThePlatform() throws Exception {
        SimDevice ipc = sim.add(DeviceSpec.ipc(8, "site-secret", true));
        await().atMost(SOON).untilAsserted(() -> assertThat(channelsOf(ipc.id())).hasSize(1));
        Path copy = Files.createTempDirectory("gb-restart");
        Files.copy(data.resolve("gb28181-devices.json"), copy.resolve("gb28181-devices.json"));
        GbConfig other = new GbConfig(true, PLATFORM_ID, null, "127.0.0.1", null, GbSimulator.freeUdpAndTcpPort("127.0.0.1"),
                "site-secret", List.of(), Duration.ofSeconds(1), 3, null, Duration.ofSeconds(3), null, null, null);
        try (GbFeature restarted = new GbFeature(other, copy, Clock.systemUTC(), Metrics.NOOP)) {
            restarted.start();
            assertThat(restarted.devices().alive(ipc.id())).isTrue();
            assertThat(restarted.devices().channels()).filteredOn(c -> c.deviceId().equals(ipc.id())).singleElement()
                    .satisfies(c -> {
                        assertThat(c.online()).isTrue();
                        assertThat(c.ptz()).isTrue();
                    });
            // and the kept contact is enough to reach the device without it registering again
            restarted.ptz(ipc.spec().channels().get(0).id(), PtzRequest.stop()).get(5, TimeUnit.SECONDS);
            await().atMost(SOON).until(() -> ipc.ptzCommands().size() == 1);
        }
    }

    private static List<ChannelView> channelsOf(String deviceId) {
        return platform.devices().channels().stream().filter(c -> c.deviceId().equals(deviceId)).toList();
    }

    private static byte[] readAtLeast(RtpInput in, int bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out.size() < bytes && System.nanoTime() < deadline) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
