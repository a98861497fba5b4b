package io.gmeye.agent.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.camera.RecordingDirectChannel;
import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.gb28181.AccessUnits;
import io.gmeye.rigs.gb28181.DeviceSpec;
import io.gmeye.rigs.gb28181.GbSimulator;
import io.gmeye.rigs.gb28181.SimDevice;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GB/T 28181 channels as cameras of the site, through the same camera feature as RTSP cameras:
 * found from the catalog, idle until something needs them, invited for a snapshot or a scene,
 * released with BYE when nothing does, decoded as the camera modes say (auto: on demand from the
 * kept packets, in full while a scene watches; keyframes where the site's camera list says so),
 * H.264 and H.265, RTP over UDP and TCP, with 收流超时 and keepalive loss as health states. One platform, one simulator and one
 * camera feature for the class; each test has its own devices.
 */
class GbCamerasIT {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static GbFeature gb;
    private static GbSimulator sim;
    private static CameraFeature cameras;
    private static RecordingOutbox outbox;
    private static RecordingDirectChannel direct;

    @BeforeAll
    static void start() throws Exception {
        int port = GbSimulator.freeUdpAndTcpPort("127.0.0.1");
        GbConfig config = new GbConfig(true, "44031100002000000001", null, "127.0.0.1", null, port, "site-secret",
                List.of(new GbConfig.Device(DeviceSpec.id("118", 3), null, "tcp", List.of("street/north"))),
                Duration.ofMillis(500), 3, null, Duration.ofSeconds(3),
                new GbConfig.Media("udp", null, 0, 0, Duration.ofSeconds(2), Duration.ofSeconds(2), 0), null, // decode: auto
                Map.of("4403", "area/shenzhen", "440311", "area/guangming"));
        gb = new GbFeature(config, Files.createTempDirectory("gb-cameras"), Clock.systemUTC(), Metrics.NOOP);
        gb.start();
        Clips clips = Clips.inTempDir();
        sim = GbSimulator.start("127.0.0.1", new GbSimulator.Platform(config.id(), config.domain(), "127.0.0.1", port),
                AccessUnits.of(clips.pattern(320, 240, 10, 10, 4)), AccessUnits.of(clips.patternHevc(352, 288, 10, 10, 4)));
        outbox = new RecordingOutbox();
        direct = new RecordingDirectChannel();
        CameraConfig cameraConfig = new CameraConfig(List.of(), Duration.ofSeconds(6), Duration.ofSeconds(3), Duration.ofSeconds(3),
                Duration.ofMillis(500), Duration.ofSeconds(2), 0.25, Duration.ofMillis(500), null, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(3), 0, 4, Duration.ofSeconds(30), 0, 0, null);
        cameras = new CameraFeature(cameraConfig, "site-1", outbox, direct, Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF);
        cameras.addFinder(gb);
        cameras.start();
    }

    @AfterAll
    static void stop() {
        if (cameras != null) {
            cameras.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (gb != null) {
            gb.close();
        }
    }

    @Test
    void anNvrsChannelsAreCamerasOnlineAndIdleUntilSomethingNeedsThem() {
        SimDevice nvr = sim.add(DeviceSpec.nvr(1, "site-secret", 4));
        String first = nvr.spec().channels().get(0).id();
        await().atMost(SOON).untilAsserted(() -> {
            for (DeviceSpec.Channel c : nvr.spec().channels()) {
                CameraHealth h = health(c.id());
                assertThat(h.state()).isEqualTo(CameraState.ONLINE);
                assertThat(h.reason()).isEqualTo("registered, streamed on demand");
            }
        });
        assertThat(nvr.invites()).isZero();
        // the hub hears what to list of them: protocol, parent device, name, civil code as a tag, PTZ
        await().atMost(SOON).untilAsserted(() -> assertThat(inventory(first)).isEqualTo(
                new CameraInventory.Source(first, "NVR 1 通道 1", "gb28181", nvr.id(), List.of("area/guangming"), true)));
    }

    @Test
    void aSnapshotInvitesTheChannelAndItIsReleasedWithByeWhenNothingNeedsIt() throws Exception {
        SimDevice ipc = sim.add(DeviceSpec.ipc(11, "site-secret", false));
        String channel = ipc.spec().channels().get(0).id();
        await().atMost(SOON).until(() -> known(channel) && health(channel).state() == CameraState.ONLINE);
        CommandResult r = cameras.commandHandlers().get("snapshot").handle(new Command("snap-gb-1", "snapshot", channel, Map.of(), 0))
                .get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.message()).isEqualTo(CommandStatus.SUCCEEDED);
        BgrImage picture = Jpeg.decode(direct.sent().stream().filter(s -> s.message().type() == MessageType.SNAPSHOT)
                .filter(s -> ((Snapshot) s.message().body()).ref().equals("snap-gb-1")).findFirst().orElseThrow().binary());
        assertThat(picture.width()).isEqualTo(320);
        assertThat(picture.height()).isEqualTo(240);
        assertThat(ipc.invites()).isEqualTo(1);
        assertThat(ipc.lastMediaTransport()).isEqualTo("udp");
        await().atMost(SOON).until(() -> health(channel).codec() != null);
        assertThat(health(channel).codec()).isEqualTo("h264");
        await().atMost(SOON).until(() -> ipc.byes() == 1 && ipc.activeStreams() == 0); // releaseAfter: 2 s
        await().atMost(SOON).until(() -> "registered, streamed on demand".equals(health(channel).reason()));
    }

    @Test
    void aChannelAScenewatchesStaysInvitedAndIsDecodedInFullH265OverTcp() {
        SimDevice nvr = sim.add(DeviceSpec.nvr(3, "site-secret", 1).withHevc(true)); // gb28181.devices: media tcp
        String channel = nvr.spec().channels().get(0).id();
        await().atMost(SOON).until(() -> known(channel));
        cameras.watchedByScenes(Set.of(channel));
        await().atMost(SOON).untilAsserted(() -> {
            CameraHealth h = health(channel);
            assertThat(h.state()).isEqualTo(CameraState.ONLINE);
            assertThat(h.codec()).isEqualTo("hevc");
            assertThat(h.width()).isEqualTo(352);
            assertThat(h.height()).isEqualTo(288);
            assertThat(h.fpsIn()).isBetween(8.0, 12.0);
            assertThat(h.fpsDecoded()).isBetween(8.0, 12.0); // decode auto: every frame for a scene
        });
        assertThat(nvr.invites()).isEqualTo(1);
        assertThat(nvr.lastMediaTransport()).isEqualTo("tcp");
        assertThat(nvr.byes()).isZero();
        assertThat(nvr.spec().channels()).hasSize(1);
        assertThat(inventory(channel).tags()).containsExactly("street/north", "area/guangming");
        cameras.watchedByScenes(Set.of());
        await().atMost(SOON).until(() -> nvr.byes() == 1);
    }

    @Test
    void aChannelTheSitesCameraListSetsToKeyframesDecodesOnlyKeyframesWhileAsceneWatchesIt() {
        SimDevice ipc = sim.add(DeviceSpec.ipc(14, "site-secret", false));
        String channel = ipc.spec().channels().get(0).id();
        await().atMost(SOON).until(() -> known(channel) && health(channel).state() == CameraState.ONLINE);
        // the hub's camera list names the channel: the listed camera wins over the found one
        cameras.apply(List.of(new CameraSpec(channel, GbFeature.SCHEME + channel, "udp", "keyframes", List.of("street/listed"))),
                Set.of(channel));
        try {
            await().atMost(SOON).untilAsserted(() -> {
                CameraHealth h = health(channel);
                assertThat(h.codec()).isEqualTo("h264");
                assertThat(h.fpsIn()).isBetween(8.0, 12.0);
                assertThat(h.fpsDecoded()).isBetween(0.5, 1.6); // one keyframe a second
            });
            assertThat(ipc.invites()).isEqualTo(1);
        } finally {
            cameras.apply(List.of(), Set.of());
        }
        await().atMost(SOON).until(() -> ipc.byes() == 1);
    }

    @Test
    void aStreamThatStopsMidwayIsAReceiveTimeoutAndIsInvitedAgain() {
        SimDevice ipc = sim.add(DeviceSpec.ipc(12, "site-secret", false));
        String channel = ipc.spec().channels().get(0).id();
        await().atMost(SOON).until(() -> known(channel));
        cameras.watchedByScenes(Set.of(channel));
        try {
            await().atMost(SOON).until(() -> health(channel).fpsIn() > 5);
            ipc.stopStreams();
            await().atMost(SOON).untilAsserted(() -> assertThat(health(channel).lastError())
                    .startsWith("收流超时 stream receive timeout: no RTP for 2 s from channel " + channel));
            await().atMost(SOON).until(() -> ipc.invites() >= 2 && health(channel).fpsIn() > 5);
        } finally {
            cameras.watchedByScenes(Set.of());
        }
    }

    @Test
    void aDeviceWhoseKeepalivesStopTakesItsChannelsOfflineWithTheReason() {
        SimDevice ipc = sim.add(DeviceSpec.ipc(13, "site-secret", false).withKeepalive(Duration.ofMillis(200)));
        String channel = ipc.spec().channels().get(0).id();
        await().atMost(SOON).until(() -> known(channel) && health(channel).state() == CameraState.ONLINE);
        ipc.stopKeepalives();
        await().atMost(SOON).untilAsserted(() -> {
            CameraHealth h = health(channel);
            assertThat(h.state()).isEqualTo(CameraState.OFFLINE);
            assertThat(h.reason()).startsWith("keepalive lost: nothing heard for");
        });
        // a scene on it does not make the agent invite a device it judges offline; the reason stays the device's
        cameras.watchedByScenes(Set.of(channel));
        try {
            await().during(Duration.ofSeconds(3)).atMost(SOON).until(() -> ipc.invites() == 0
                    && health(channel).reason().startsWith("keepalive lost"));
        } finally {
            cameras.watchedByScenes(Set.of());
        }
    }

    private static boolean known(String camera) {
        return cameras.health().stream().anyMatch(h -> h.camera().equals(camera));
    }

    private static CameraHealth health(String camera) {
        return cameras.health().stream().filter(h -> h.camera().equals(camera)).findFirst()
                .orElseThrow(() -> new AssertionError("no camera " + camera + " yet"));
    }

    private static CameraInventory.Source inventory(String camera) {
        CameraInventory.Source last = null;
        for (var m : outbox.messages()) {
            if (m.body() instanceof CameraInventory inv) {
                for (CameraInventory.Source s : inv.cameras()) {
                    if (s.camera().equals(camera)) {
                        last = s;
                    }
                }
            }
        }
        return last;
    }
}
