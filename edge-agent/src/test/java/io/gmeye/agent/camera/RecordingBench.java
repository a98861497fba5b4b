package io.gmeye.agent.camera;

import io.gmeye.agent.camera.clip.ClipConfig;
import io.gmeye.agent.camera.record.RecordingConfig;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.camera.PreparedRtspMain;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench recording: the same cameras (768x576 10 fps H.264 from the prepared RTSP rig, its own
 * process) held by one agent in keyframes mode, with event clips asked for at the same rate, first
 * without and then with continuous recording of every camera: the agent's CPU ratio, the disk
 * write rate of the recordings, and clip-ready latency (event moment to the clip finished at the
 * agent) against the post-roll.
 */
@Tag("bench")
class RecordingBench {
    private static final int CAMERAS = Integer.getInteger("bench.recording.cameras", 50);
    private static final long WARM_UP_MS = Long.getLong("bench.recording.warmupMs", 15_000);
    private static final long WINDOW_MS = Long.getLong("bench.recording.windowMs", 30_000);
    private static final Duration PRE = Duration.ofSeconds(5);
    private static final Duration POST = Duration.ofSeconds(Long.getLong("bench.recording.postRollS", 5));
    private static final long CLIP_EVERY_MS = 1_000;

    record Step(boolean recording, double agentCpu, double writeMbPerS, long[] clipReadyNanos, int clipsAsked, int clipsMade, int online) {
    }

    @Test
    void cpuOfContinuousRecordingAndClipReadyLatency() throws Exception {
        Step without;
        Step with;
        try (VideoFleetBench.Rig rig = VideoFleetBench.Rig.start(CAMERAS)) {
            without = step(rig, false);
            with = step(rig, true);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("cameras", CAMERAS);
        f.put("mode", "keyframes");
        f.put("cpu_without", without.agentCpu());
        f.put("cpu_with", with.agentCpu());
        f.put("cpu_ratio", BenchReport.round(with.agentCpu() / without.agentCpu(), 3));
        f.put("goal_cpu_ratio", 1.15);
        f.put("write_mb_per_s", BenchReport.round(with.writeMbPerS(), 3));
        f.put("online_without", without.online());
        f.put("online_with", with.online());
        f.put("clips_asked", without.clipsAsked() + with.clipsAsked());
        f.put("clips_made", without.clipsMade() + with.clipsMade());
        f.put("post_roll_s", POST.toSeconds());
        f.put("goal_clip_ready_p99_s", POST.toSeconds() + 2);
        f.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        f.put("clip_ready_p50_s", BenchReport.round(BenchReport.percentileMs(with.clipReadyNanos(), 0.5) / 1000, 3));
        f.put("clip_ready_p99_s", BenchReport.round(BenchReport.percentileMs(with.clipReadyNanos(), 0.99) / 1000, 3));
        BenchReport.write("recording", f);
    }

    private Step step(VideoFleetBench.Rig rig, boolean recording) throws Exception {
        Path data = Files.createTempDirectory("recording-bench");
        List<CameraSpec> cameras = new ArrayList<>();
        for (int i = 0; i < CAMERAS; i++) {
            cameras.add(new CameraSpec(PreparedRtspMain.name(i), rig.url(PreparedRtspMain.name(i)), "tcp", "keyframes", List.of("bench")));
        }
        CameraConfig config = new CameraConfig(cameras, null, null, null, null, null, 0, null, null, null, null, null, 0, 0, null, 0, 0, null,
                new ClipConfig(true, null, null, null, PRE, POST),
                recording ? new RecordingConfig(null, List.of("bench"), null, Duration.ofMinutes(1), null, null) : null);
        CameraFeature feature = new CameraFeature(config, "bench", new RecordingOutbox(), new RecordingDirectChannel(), Clock.systemUTC(),
                Metrics.NOOP, data, FaceRule.OFF);
        List<long[]> asked = new ArrayList<>(); // {event moment, clip ready (0: not yet)}
        List<String> ids = new ArrayList<>();
        try {
            feature.start();
            Thread.sleep(WARM_UP_MS);
            long cpu0 = processCpuNanos();
            long bytes0 = size(data.resolve("recordings"));
            long t0 = System.nanoTime();
            long end = System.currentTimeMillis() + WINDOW_MS;
            long nextClip = System.currentTimeMillis();
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                if (now >= nextClip) {
                    String camera = cameras.get(ThreadLocalRandom.current().nextInt(CAMERAS)).id();
                    String id = (recording ? "r" : "n") + asked.size();
                    ClipRef ref = feature.clips().request(id, camera, now).orElseThrow();
                    asked.add(new long[] {now, 0});
                    ids.add(ref.id());
                    nextClip += CLIP_EVERY_MS;
                }
                readyNow(feature, ids, asked);
                Thread.sleep(20);
            }
            double wall = System.nanoTime() - t0;
            double cpu = round((processCpuNanos() - cpu0) / wall / cores());
            double mbPerS = (size(data.resolve("recordings")) - bytes0) / (wall / 1e9) / (1 << 20);
            int online = (int) feature.health().stream().filter(h -> h.state() == CameraState.ONLINE).count();
            // the clips asked for near the window's end finish after it: wait for them (their latency is what is measured)
            long wait = System.currentTimeMillis() + POST.toMillis() + 15_000;
            while (asked.stream().anyMatch(a -> a[1] == 0) && System.currentTimeMillis() < wait) {
                readyNow(feature, ids, asked);
                Thread.sleep(20);
            }
            long[] ready = asked.stream().filter(a -> a[1] > 0).mapToLong(a -> (a[1] - a[0]) * 1_000_000).toArray();
            System.out.printf("%s recording: %d cameras (%d online), agent cpu %.1f%% of %d cores, %.2f MB/s written, %d/%d clips, ready p99 %.2f s%n",
                    recording ? "with" : "without", CAMERAS, online, cpu * 100, cores(), mbPerS, ready.length, asked.size(),
                    BenchReport.percentileMs(ready, 0.99) / 1000);
            return new Step(recording, cpu, mbPerS, ready, asked.size(), ready.length, online);
        } finally {
            feature.close();
            Thread.sleep(3_000); // the rig lets the sessions go
        }
    }

    private static void readyNow(CameraFeature feature, List<String> ids, List<long[]> asked) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < ids.size(); i++) {
            if (asked.get(i)[1] == 0 && feature.clip(ids.get(i)).isPresent()) {
                asked.get(i)[1] = now;
            }
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
