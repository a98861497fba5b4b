package io.gmeye.agent.camera.ingest;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench video-decode: the agent's grab + decode path (a camera's grabbing thread: read,
 * count, decode, publish to the latest-frame slot) against {@code ffmpeg -threads 1 -i FILE -f null -}
 * on the same H.264 file (vtest, four times over), alternating, in the same run. Both decode on
 * one thread. Ratio of frames per second (wall clock), best of the rounds; goal at least 0.95.
 * Also frames per CPU second of each, which other load on the box does not disturb.
 */
@Tag("bench")
class VideoDecodeBench {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void agentDecodesAsFastAsFfmpeg() throws Exception {
        Clip clip = Clips.inTempDir().vtest(20);
        Path file = Files.createTempFile("vtest-x4-", ".h264");
        try {
            byte[] once = Files.readAllBytes(clip.file());
            for (int i = 0; i < 4; i++) {
                Files.write(file, once, StandardOpenOption.APPEND);
            }
            List<double[]> agent = new ArrayList<>();
            List<double[]> ffmpeg = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                agent.add(agentRun(file));
                ffmpeg.add(ffmpegRun(file));
                System.out.printf("round %d: agent %.0f fps, %.0f per CPU second (%d frames); ffmpeg %.0f fps, %.0f per CPU second (%d frames)%n",
                        r + 1, agent.get(r)[0], agent.get(r)[2], (long) agent.get(r)[1], ffmpeg.get(r)[0], ffmpeg.get(r)[2], (long) ffmpeg.get(r)[1]);
            }
            double agentFps = agent.stream().mapToDouble(a -> a[0]).max().orElseThrow();
            double ffmpegFps = ffmpeg.stream().mapToDouble(a -> a[0]).max().orElseThrow();
            long frames = (long) agent.get(0)[1];
            if (frames != (long) ffmpeg.get(0)[1]) {
                throw new AssertionError("the agent decoded " + frames + " frames, ffmpeg " + (long) ffmpeg.get(0)[1]);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("frames", frames);
            figures.put("size", clip.width() + "x" + clip.height());
            figures.put("agent_fps", Math.round(agentFps));
            figures.put("ffmpeg_fps", Math.round(ffmpegFps));
            figures.put("ratio", Math.round(agentFps / ffmpegFps * 1000) / 1000.0);
            double agentCpu = agent.stream().mapToDouble(a -> a[2]).max().orElseThrow();
            double ffmpegCpu = ffmpeg.stream().mapToDouble(a -> a[2]).max().orElseThrow();
            figures.put("agent_fps_per_cpu", Math.round(agentCpu));
            figures.put("ffmpeg_fps_per_cpu", Math.round(ffmpegCpu));
            figures.put("cpu_ratio", Math.round(agentCpu / ffmpegCpu * 1000) / 1000.0);
            figures.put("goal", 0.95);
            figures.put("rounds", ROUNDS);
            BenchReport.write("video-decode", figures);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** One pass of a camera's grabbing thread over the file; returns fps and frames. */
    private static double[] agentRun(Path file) throws InterruptedException {
        CameraSpec spec = new CameraSpec("bench", file.toUri().toString(), "tcp", "full", List.of());
        CameraConfig config = CameraConfig.of(List.of(spec));
        FfmpegRuntime.init();
        CameraGrabber g = new CameraGrabber(StreamTarget.of(spec, config, false), config, Clock.systemUTC(), Metrics.NOOP, 0);
        long start = System.nanoTime();
        g.start();
        while (g.status().lastError() == null) {
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(g.thread().getId());
        g.requestStop();
        g.awaitStop(10_000);
        if (!g.status().lastError().contains("End of file")) {
            throw new AssertionError("the agent stopped early: " + g.status().lastError());
        }
        long frames = g.meter.decodedCount();
        return new double[] {frames / (elapsed / 1e9), frames, frames / (cpu / 1e9)};
    }

    private static double[] ffmpegRun(Path file) throws IOException, InterruptedException {
        long start = System.nanoTime();
        // GNU time reports the CPU seconds ffmpeg used: frames per CPU second do not suffer from other load on the box
        Process p = new ProcessBuilder("/usr/bin/time", "-f", "CPU %U %S", "ffmpeg", "-hide_banner", "-nostdin", "-threads", "1", "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("ffmpeg failed: " + out);
        }
        long elapsed = System.nanoTime() - start;
        Matcher m = Pattern.compile("frame=\\s*(\\d+)").matcher(out);
        long frames = 0;
        while (m.find()) {
            frames = Long.parseLong(m.group(1));
        }
        Matcher cpu = Pattern.compile("CPU ([0-9.]+) ([0-9.]+)").matcher(out);
        double cpuSeconds = cpu.find() ? Double.parseDouble(cpu.group(1)) + Double.parseDouble(cpu.group(2)) : Double.NaN;
        return new double[] {frames / (elapsed / 1e9), frames, frames / cpuSeconds};
    }
}
