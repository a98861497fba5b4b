package io.gmeye.agent.camera.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.camera.RecordingDirectChannel;
import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.clip.ClipStats;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.PreparedRtspServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event clips of cameras from the prepared RTSP rig, whose frames carry their number: one camera
 * decoded keyframes only, one decoded on demand (the clip is copied from the packets either way).
 * ffprobe and ffmpeg judge the MP4s. One rig and one camera feature for the class; the crash test
 * runs the agent's camera feature in a child JVM and kills it.
 */
class EventClipIT {
    private static final int FPS = 10;
    private static final int W = 320;
    private static final int H = 240;
    private static final Duration PRE = Duration.ofSeconds(3);
    private static final Duration POST = Duration.ofSeconds(4);
    private static final List<String> CAMERAS = List.of("keyframes", "ondemand");
    /** Rig cameras of the other streams a clip must copy as they are: H.264 High and H.265, both with 2 B-frames. */
    private static final Map<String, Clip> CODECS = new java.util.LinkedHashMap<>();
    private static final ClipConfig.Roll SHORT = new ClipConfig.Roll(null, Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static PreparedRtspServer rig;
    private static CameraFeature feature;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() {
        Clip clip = Clips.inTempDir().counted("h264", W, H, FPS, FPS, 0, 60);
        PreparedRtspServer.Builder b = PreparedRtspServer.builder();
        CAMERAS.forEach(c -> b.mount(c, clip));
        CODECS.put("h264-high-b", Clips.inTempDir().counted("h264", W, H, FPS, 2 * FPS, 2, 60));
        CODECS.put("h265-b", Clips.inTempDir().counted("hevc", W, H, FPS, 2 * FPS, 2, 60));
        CODECS.forEach(b::mount);
        rig = b.start();
        List<CameraSpec> specs = new java.util.ArrayList<>(CAMERAS.stream().map(c -> new CameraSpec(c, rig.url(c), "tcp", c, List.of())).toList());
        CODECS.keySet().forEach(c -> specs.add(new CameraSpec(c, rig.url(c), "tcp", "ondemand", List.of())));
        feature = new CameraFeature(config(specs, null), "site-1", new RecordingOutbox(), new RecordingDirectChannel(), Clock.systemUTC(),
                Metrics.NOOP, data, FaceRule.OFF);
        feature.start();
    }

    static CameraConfig config(List<CameraSpec> cameras, String dir) {
        return new CameraConfig(cameras, null, null, null, null, null, 0, null, null, null, null, null, 0, 0, null, 0, 0, null,
                new ClipConfig(true, dir, null, null, PRE, POST, java.util.Map.of("short-scene", SHORT),
                        java.util.Map.of("gate-1", new ClipConfig.Roll("ondemand", SHORT.preRoll(), SHORT.postRoll()),
                        "gate-2", new ClipConfig.Roll("not-configured", null, null))), null);
    }

    @AfterAll
    static void stop() {
        if (feature != null) {
            feature.close();
        }
        rig.close();
    }

    @Test
    void aClipHoldsTheEventsMomentFromAKeyframeForPreRollPlusPostRollInEveryDecodeMode() throws Exception {
        for (String camera : CAMERAS) {
            // online for longer than the pre-roll: the ring holds it
            await().atMost(Duration.ofSeconds(30)).until(() -> feature.status(camera).map(s -> s.state() == CameraState.ONLINE
                    && System.currentTimeMillis() - s.since() > PRE.toMillis() + 1_500).orElse(false));
            long at = System.currentTimeMillis();
            int frame = rig.frameOnScreen(camera);
            ClipRef ref = feature.clips().request("event-" + camera, camera, at).orElseThrow();
            assertThat(ref.from()).isEqualTo(at - PRE.toMillis());
            assertThat(ref.to()).isEqualTo(at + POST.toMillis());
            assertThat(feature.clip(ref.id())).as("not served before it is finished").isEmpty();

            Path file = await().atMost(Duration.ofSeconds(30)).until(() -> feature.clip(ref.id()).orElse(null), f -> f != null);
            double seconds = (PRE.plus(POST)).toMillis() / 1000.0;
            assertThat(Probe.duration(file)).as(camera + ": duration").isCloseTo(seconds, org.assertj.core.data.Offset.offset(1.0));
            assertThat(Probe.firstFrame(file)).as(camera + ": first frame").isEqualTo("1,I");
            assertThat(Probe.indexFirst(file)).as(camera + ": faststart").isTrue();
            List<Integer> counters = Probe.counters(file, W, H);
            int loop = rig.clipFrames(camera);
            assertThat(counters).as(camera + ": the frame on screen at the event").contains(frame);
            for (int i = 1; i < counters.size(); i++) {
                assertThat(counters.get(i)).as(camera + ": frame after " + counters.get(i - 1)).isEqualTo((counters.get(i - 1) + 1) % loop);
            }
            int before = Math.floorMod(frame - counters.get(0), loop);
            assertThat(before).as(camera + ": frames before the event").isBetween((int) PRE.toSeconds() * FPS - FPS, (int) PRE.toSeconds() * FPS + FPS);
        }
        ClipStats stats = feature.clipStats().orElseThrow();
        assertThat(stats.kept()).isGreaterThanOrEqualTo(CAMERAS.size());
    }

    @Test
    void aClipOfAnH264HighAndOfAnH265CameraWithBFramesStartsOnAKeyframeLastsPrePlusPostAndShowsEveryFrameInTheCamerasOrder()
            throws Exception {
        for (String camera : CODECS.keySet()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> feature.status(camera).map(s -> s.state() == CameraState.ONLINE
                    && System.currentTimeMillis() - s.since() > PRE.toMillis() + 1_500).orElse(false));
            long at = System.currentTimeMillis();
            int frame = rig.frameOnScreen(camera);
            ClipRef ref = feature.clips().request("codec-" + camera, camera, at).orElseThrow();
            Path file = await().atMost(Duration.ofSeconds(30)).until(() -> feature.clip(ref.id()).orElse(null), f -> f != null);
            String[] stream = Probe.stream(file).split(",");
            assertThat(stream[0] + "," + stream[1]).as(camera + ": the camera's stream, copied as it is")
                    .isEqualTo(camera.startsWith("h264") ? "h264,High" : "hevc,Main");
            boolean reordered = Integer.parseInt(stream[2]) > 0;
            assertThat(reordered).as(camera + ": B-frames (pictures reordered)").isTrue();
            assertThat(Probe.firstFrame(file)).as(camera + ": first frame").isEqualTo("1,I");
            assertThat(Probe.duration(file)).as(camera + ": duration")
                    .isCloseTo((PRE.plus(POST)).toMillis() / 1000.0, org.assertj.core.data.Offset.offset(1.0));
            String[] decoded = Probe.decodeAll(file).split(",");
            assertThat(decoded).as(camera + ": ffprobe decodes every frame without an error").hasSize(2);
            assertThat(decoded[0]).as(camera + ": frames decoded of those indexed").isEqualTo(decoded[1]);
            assertThat(Integer.parseInt(decoded[0])).isGreaterThanOrEqualTo((int) (PRE.plus(POST).toSeconds() - 1) * FPS);
            List<Integer> counters = Probe.counters(file, W, H);
            assertThat(counters).as(camera + ": the frame on screen at the event").contains(frame);
            // the camera's presentation times kept: a player shows the pictures in the order they were taken
            List<Long> shown = Probe.shownTimes(file);
            assertThat(shown).as(camera + ": presentation times in display order").hasSize(counters.size()).isSortedAccordingTo(Long::compare)
                    .doesNotHaveDuplicates().doesNotContain(Long.MIN_VALUE);
            int loop = rig.clipFrames(camera);
            for (int i = 1; i < counters.size(); i++) {
                assertThat(counters.get(i)).as(camera + ": frame after " + counters.get(i - 1) + " in display order")
                        .isEqualTo((counters.get(i - 1) + 1) % loop);
            }
        }
    }

    @Test
    void anAlertAtACheckpointWithACameraGetsAClipOfThatCameraAsLongAsTheCheckpointAsksAndASceneItsOwnLength() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> feature.status("ondemand").map(s -> s.state() == CameraState.ONLINE
                && System.currentTimeMillis() - s.since() > PRE.toMillis() + 1_500).orElse(false));
        long at = System.currentTimeMillis();
        ClipRef gate = feature.clips().requestAtCheckpoint("alert-at-gate", "gate-1", at).orElseThrow();
        assertThat(gate.camera()).isEqualTo("ondemand");
        assertThat(gate.to() - gate.from()).isEqualTo(3_000);
        assertThat(feature.clips().requestAtCheckpoint("alert-elsewhere", "gate-without-camera", at)).isEmpty();
        long failed = feature.clipStats().orElseThrow().failed();
        assertThat(feature.clips().requestAtCheckpoint("alert-at-gate-2", "gate-2", at)).as("its camera is not configured").isEmpty();
        assertThat(feature.clipStats().orElseThrow().failed()).as("counted, not silent").isEqualTo(failed + 1);
        ClipRef scene = feature.clips().request("event-short-scene", "keyframes", "short-scene", at).orElseThrow();
        assertThat(scene.to() - scene.from()).isEqualTo(3_000);
        for (ClipRef r : List.of(gate, scene)) {
            Path file = await().atMost(Duration.ofSeconds(30)).until(() -> feature.clip(r.id()).orElse(null), f -> f != null);
            assertThat(Probe.duration(file)).as(r.id()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1.0));
            assertThat(Probe.firstFrame(file)).as(r.id()).isEqualTo("1,I");
        }
    }

    @Test
    void aCameraWithNoVideoKeptHasItsClipCountedAsFailedNotSilentlyMissing() {
        long failedBefore = feature.clipStats().orElseThrow().failed();
        // an event from before the camera's ring holds anything
        feature.clips().request("event-too-early", "keyframes", System.currentTimeMillis() - 3_600_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> feature.clipStats().orElseThrow().failed() == failedBefore + 1);
        assertThat(feature.clip("event-too-early")).isEmpty();
    }

    /** The child: the camera feature of an agent making one clip, then another that it is killed in the middle of. */
    public static void main(String[] args) throws Exception {
        CameraSpec cam = new CameraSpec("cam", args[0], "tcp", "ondemand", List.of());
        try (CameraFeature f = new CameraFeature(config(List.of(cam), args[1]), "site-1", new RecordingOutbox(), new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF)) {
            f.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> f.status("cam")
                    .map(s -> s.state() == CameraState.ONLINE && System.currentTimeMillis() - s.since() >= 2_000).orElse(false));
            f.clips().request("whole", "cam", System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(30)).until(() -> f.clip("whole").isPresent());
            System.out.println("done");
            f.clips().request("cut", "cam", System.currentTimeMillis());
            Path part = Path.of(args[1], "cut" + ClipStore.PART);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> Files.exists(part));
            System.out.println("writing");
            System.out.flush();
            // holds on while the clip is written until the parent kills it (or goes: its stdin closes)
            System.in.read();
        }
    }

    @Test
    void anAgentKilledWhileWritingAClipServesOnlyWholeClipsAfterItsRestart(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), EventClipIT.class.getName(), rig.url("keyframes"), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            assertThat(out.lines().filter(l -> l.equals("done") || l.equals("writing")).limit(2).toList()).containsExactly("done", "writing");
            child.destroyForcibly(); // SIGKILL, mid-write
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(dir.resolve("cut" + ClipStore.PART)).as("left by the kill").exists();

        ClipStore restarted = new ClipStore(dir, 1L << 30, Duration.ofDays(1).toMillis(), Clock.systemUTC(), Metrics.NOOP);
        assertThat(restarted.stats().discarded()).isEqualTo(1);
        assertThat(restarted.find("cut")).isEmpty();
        Path whole = restarted.find("whole").orElseThrow();
        assertThat(Probe.firstFrame(whole)).isEqualTo("1,I");
        assertThat(Probe.duration(whole)).isCloseTo((PRE.plus(POST)).toMillis() / 1000.0, org.assertj.core.data.Offset.offset(1.0));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("whole" + ClipStore.DONE);
        }
    }
}
