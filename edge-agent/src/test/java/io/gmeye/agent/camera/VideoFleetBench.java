package io.gmeye.agent.camera;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.system.ProcessStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench video-fleet: how many simulated street cameras (768x576, 10 fps, H.264, a keyframe
 * every 2 s, over RTSP/TCP from GStreamer's RTSP server on the same box) one agent holds with every
 * camera's health correct, in keyframes mode and in full-decode mode. For each step of a ladder
 * of camera counts the agent runs a warm-up, then a measured window; a step passes when every
 * camera is online, receives 10 +- 1.5 fps and decodes what its mode should (10 fps, or one
 * keyframe per 2 s), with the newest frame younger than its mode allows. Reported per step: the
 * agent's CPU (share of all cores), the RTSP server's CPU, heap, resident memory and JavaCPP's
 * native count.
 */
@Tag("bench")
class VideoFleetBench {
    private static final int[] KEYFRAME_LADDER = ints(System.getProperty("bench.fleet.keyframes", "100,200,250"));
    private static final int[] FULL_LADDER = ints(System.getProperty("bench.fleet.full", "50,75,100,125"));
    private static final long WARM_UP_MS = Long.getLong("bench.fleet.warmupMs", 20_000);
    private static final long WINDOW_MS = Long.getLong("bench.fleet.windowMs", 20_000);

    record Step(String mode, int cameras, int correct, double agentCpu, double serverCpu, long heapMb, long residentMb,
                long javacppMb, String firstProblem) {
        boolean passed() {
            return correct == cameras;
        }
    }

    @Test
    void camerasOneAgentHolds() throws Exception {
        int max = Math.max(Arrays.stream(KEYFRAME_LADDER).max().orElse(0), Arrays.stream(FULL_LADDER).max().orElse(0));
        Clip clip = Clips.inTempDir().vtest(20);
        RtspCameraServer.Builder builder = RtspCameraServer.builder();
        for (int i = 0; i < max; i++) {
            builder.mount(name(i), clip);
        }
        List<Step> steps = new ArrayList<>();
        try (RtspCameraServer server = builder.start()) {
            for (int n : KEYFRAME_LADDER) {
                steps.add(step(server, "keyframes", n));
            }
            for (int n : FULL_LADDER) {
                steps.add(step(server, "full", n));
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("keyframes_cameras", held(steps, "keyframes"));
        figures.put("full_cameras", held(steps, "full"));
        figures.put("goal_keyframes", 200);
        for (Step s : steps) {
            String k = s.mode() + "_" + s.cameras();
            figures.put(k + "_ok", s.correct() + "/" + s.cameras());
            figures.put(k + "_cpu", s.agentCpu());
            figures.put(k + "_server_cpu", s.serverCpu());
            figures.put(k + "_heap_mb", s.heapMb());
            figures.put(k + "_rss_mb", s.residentMb());
            figures.put(k + "_native_mb", s.javacppMb());
        }
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        BenchReport.write("video-fleet", figures);
    }

    private static int held(List<Step> steps, String mode) {
        return steps.stream().filter(s -> s.mode().equals(mode) && s.passed()).mapToInt(Step::cameras).max().orElse(0);
    }

    private Step step(RtspCameraServer server, String mode, int n) throws Exception {
        List<CameraSpec> cameras = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cameras.add(new CameraSpec(name(i), server.url(name(i)), "tcp", mode, List.of()));
        }
        RecordingOutbox outbox = new RecordingOutbox();
        CameraFeature feature = new CameraFeature(CameraConfig.of(cameras), "bench", outbox, new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP);
        try {
            feature.start();
            Thread.sleep(WARM_UP_MS);
            long cpu0 = processCpuNanos();
            long server0 = serverCpuNanos(server.pid());
            long t0 = System.nanoTime();
            int worstCorrect = n;
            String problem = "";
            long heap = 0;
            // health is judged several times over the window: every look must find every camera right
            for (long end = System.currentTimeMillis() + WINDOW_MS; System.currentTimeMillis() < end; ) {
                Thread.sleep(5_000);
                List<CameraHealth> health = feature.health();
                int correct = 0;
                for (CameraHealth h : health) {
                    String why = wrong(h, mode);
                    if (why == null) {
                        correct++;
                    } else if (problem.isEmpty()) {
                        problem = h.camera() + ": " + why;
                    }
                }
                worstCorrect = Math.min(worstCorrect, health.size() == n ? correct : 0);
                heap = Math.max(heap, ProcessStats.heapUsed());
            }
            double wall = System.nanoTime() - t0;
            int cores = Runtime.getRuntime().availableProcessors();
            Step s = new Step(mode, n, worstCorrect,
                    round((processCpuNanos() - cpu0) / wall / cores), round((serverCpuNanos(server.pid()) - server0) / wall / cores),
                    heap >> 20, Pointer.physicalBytes() >> 20, Pointer.totalBytes() >> 20, problem);
            System.out.printf("%-9s %3d cameras: %3d correct, agent cpu %.0f%%, server cpu %.0f%% (of %d cores), heap %d MB, rss %d MB%s%n",
                    mode, n, s.correct(), s.agentCpu() * 100, s.serverCpu() * 100, cores, s.heapMb(), s.residentMb(),
                    problem.isEmpty() ? "" : "; first problem: " + problem);
            return s;
        } finally {
            feature.close();
            Thread.sleep(3_000); // the server tears the sessions down
        }
    }

    /** Null when the camera's health is what its stream should give, else what is off. */
    private static String wrong(CameraHealth h, String mode) {
        if (h.state() != CameraState.ONLINE) {
            return h.state().wire() + " (" + h.reason() + ")";
        }
        if (h.width() != 768 || h.height() != 576) {
            return "size " + h.width() + "x" + h.height();
        }
        if (Math.abs(h.fpsIn() - 10) > 1.5) {
            return "fps in " + h.fpsIn();
        }
        boolean keyframes = mode.equals("keyframes");
        double decoded = h.fpsDecoded();
        if (keyframes ? decoded < 0.2 || decoded > 1.0 : Math.abs(decoded - 10) > 1.5) {
            return "fps decoded " + decoded;
        }
        if (h.lastFrameAgeMs() < 0 || h.lastFrameAgeMs() > (keyframes ? 3_000 : 500)) {
            return "newest frame " + h.lastFrameAgeMs() + " ms old";
        }
        return null;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process from /proc, in nanoseconds (clock ticks of 10 ms). */
    private static long serverCpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String name(int i) {
        return String.format("cam%03d", i);
    }

    private static int[] ints(String csv) {
        return csv.equals("none") ? new int[0] : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }
}
