package io.gmeye.agent.camera.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.camera.RecordingDirectChannel;
import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.agent.camera.clip.ClipConfig;
import io.gmeye.agent.camera.clip.Probe;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.PreparedRtspServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling recordings of a camera from the prepared RTSP rig (frames numbered; H.264 High with 2
 * B-frames, sent in decode order), opted in by tag and decoded on demand only: short segments that join without a lost frame, a gap where the camera
 * stalled, an export across segments judged by ffprobe and ffmpeg. One rig and feature for the class.
 */
class RecordingIT {
    private static final int W = 320;
    private static final int H = 240;
    private static final Duration SEGMENT = Duration.ofSeconds(3);
    private static PreparedRtspServer rig;
    private static CameraFeature feature;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() {
        Clip clip = Clips.inTempDir().counted("h264", W, H, 10, 10, 2, 60);
        rig = PreparedRtspServer.builder().mount("rec", clip).mount("other", clip).start();
        List<CameraSpec> cameras = List.of(new CameraSpec("rec", rig.url("rec"), "tcp", "ondemand", List.of("street/record-me")),
                new CameraSpec("other", rig.url("other"), "tcp", "ondemand", List.of()));
        CameraConfig config = new CameraConfig(cameras, null, null, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(500), 0,
                Duration.ofMillis(200), null, null, null, null, 0, 0, null, 0, 0, null, ClipConfig.defaults(),
                new RecordingConfig(null, List.of("street/record-me"), null, SEGMENT, null, null));
        feature = new CameraFeature(config, "site-1", new RecordingOutbox(), new RecordingDirectChannel(), Clock.systemUTC(), Metrics.NOOP,
                data, FaceRule.OFF);
        feature.start();
    }

    @AfterAll
    static void stop() {
        if (feature != null) {
            feature.close();
        }
        rig.close();
    }

    @Test
    void segmentsJoinWithoutALostFrameAStallIsAGapAndAnExportAcrossSegmentsIsOneContinuousMp4() throws Exception {
        long began = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(40)).until(() -> list(began).segments().size() >= 3);
        assertThat(feature.recordings("other", began, System.currentTimeMillis()).orElseThrow().segments()).as("not opted in").isEmpty();
        var stats = feature.recordingStats().orElseThrow(); // what the agent's health reports
        assertThat(stats.segments()).isGreaterThanOrEqualTo(3);
        assertThat(stats.bytes()).isPositive().isLessThanOrEqualTo(stats.quotaBytes());
        assertThat(stats.oldestAt()).isEqualTo(list(0).segments().get(0).to());

        // an export across two segments that follow each other
        Listing before = list(began);
        Listing.Span a = before.segments().get(0);
        Listing.Span b = before.segments().get(1);
        assertThat(b.from() - a.to()).as("the next segment starts with the keyframe after the last one's end").isLessThan(1_000);
        long from = a.from() + 1_000;
        long to = b.to() - 500;
        ClipRef export = feature.export("rec", from, to).get(30, TimeUnit.SECONDS);
        Path file = feature.clip(export.id()).orElseThrow();
        assertThat(Probe.duration(file)).isCloseTo((to - from) / 1000.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(Probe.firstFrame(file)).isEqualTo("1,I");
        assertThat(Probe.stream(file)).as("the camera's stream with its B-frames").isEqualTo("h264,High,2");
        List<Integer> counters = Probe.counters(file, W, H);
        assertThat(Probe.shownTimes(file)).as("presentation times in display order, across the boundary").hasSize(counters.size())
                .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates().doesNotContain(Long.MIN_VALUE);
        int loop = rig.clipFrames("rec");
        for (int i = 1; i < counters.size(); i++) {
            assertThat(counters.get(i)).as("frame after " + counters.get(i - 1) + " across the segments' boundary")
                    .isEqualTo((counters.get(i - 1) + 1) % loop);
        }

        // the camera stalls: a gap, and segments again once it is back
        long pausedAt = System.currentTimeMillis();
        rig.pause("rec");
        await().atMost(Duration.ofSeconds(20)).until(() -> feature.status("rec").map(s -> s.state() != CameraState.ONLINE).orElse(false));
        long resumedAt = System.currentTimeMillis();
        rig.resume("rec");
        await().atMost(Duration.ofSeconds(40)).until(() -> list(began).segments().stream().anyMatch(s -> s.from() > resumedAt));
        Listing after = list(began);
        assertThat(after.gaps()).as("the stall is a gap").anySatisfy(g -> {
            assertThat(g.from()).isLessThanOrEqualTo(resumedAt);
            assertThat(g.to()).isGreaterThanOrEqualTo(resumedAt);
            assertThat(g.to() - g.from()).isGreaterThanOrEqualTo(resumedAt - pausedAt - 1_000);
        });
        try (var files = Files.walk(data.resolve("recordings"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).count()).as("parts").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void segmentsLeftUnfinishedByACrashAreDeletedAndCountedAtTheNextStartAndNeverListed(@TempDir Path dir) throws Exception {
        SegmentStore store = new SegmentStore(dir, 1L << 30, Duration.ofDays(1).toMillis(), Clock.systemUTC(), Metrics.NOOP);
        Files.write(store.partFor("cam", 1_000), new byte[1_000]);
        Files.write(store.partFor("cam", 5_000), new byte[2_000]);
        store.commit("cam", 1_000, 1_000, 4_900);
        SegmentStore reopened = new SegmentStore(dir, 1L << 30, Duration.ofDays(1).toMillis(), Clock.systemUTC(), Metrics.NOOP);
        assertThat(reopened.stats().discarded()).isEqualTo(1);
        Listing l = reopened.list("cam", 0, 10_000, 1_000);
        assertThat(l.segments()).extracting(Listing.Span::from).containsExactly(1_000L);
        assertThat(l.gaps()).extracting(Listing.Span::from, Listing.Span::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4_900L, 10_000L));
    }

    private static Listing list(long from) {
        return feature.recordings("rec", from, System.currentTimeMillis()).orElseThrow();
    }
}
