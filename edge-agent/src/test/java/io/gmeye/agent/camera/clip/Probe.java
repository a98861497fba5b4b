package io.gmeye.agent.camera.clip;

import io.gmeye.rigs.camera.FrameCounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What Debian's ffprobe and ffmpeg say of a clip: an outside judge of the MP4s the agent writes. */
public final class Probe {
    private Probe() {
    }

    /** The container's duration in seconds. */
    public static double duration(Path file) throws Exception {
        return Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.toString()).strip());
    }

    /** "key_frame,pict_type" of the first frame, as decoded ("1,I": a keyframe). */
    public static String firstFrame(Path file) throws Exception {
        String line = run("ffprobe", "-v", "error", "-select_streams", "v", "-read_intervals", "%+#1", "-show_entries", "frame=key_frame,pict_type",
                "-of", "csv=p=0", file.toString()).strip().lines().findFirst().orElse("");
        String[] f = line.split(",");
        return f.length < 2 ? line : f[0] + "," + f[1]; // side data may add empty fields
    }

    /** "codec_name,profile,has_b_frames" of the video stream, as ffprobe reads the container ("h264,High,2"). */
    public static String stream(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,profile,has_b_frames", "-of", "csv=p=0",
                file.toString()).strip();
    }

    /** ffprobe decoding every frame of the file: "FRAMES DECODED,FRAMES IN THE INDEX", and any error it reports after. */
    public static String decodeAll(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames,nb_frames",
                "-of", "csv=p=0", file.toString()).strip();
    }

    /**
     * The presentation time (best_effort_timestamp) of every frame, in the order the decoder shows
     * them: rising throughout when the file's timestamps put the pictures in the camera's order.
     */
    public static List<Long> shownTimes(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp", "-of", "csv=p=0",
                file.toString()).strip().lines().map(l -> l.split(",")[0]).filter(l -> !l.isBlank())
                .map(l -> l.equals("N/A") ? Long.MIN_VALUE : Long.parseLong(l)).toList();
    }

    /** True when the MP4's index comes before its media data (faststart: playable from the first bytes). */
    public static boolean indexFirst(Path file) throws IOException {
        byte[] head = java.nio.file.Files.readAllBytes(file);
        String s = new String(head, 0, Math.min(head.length, 1 << 20), java.nio.charset.StandardCharsets.ISO_8859_1);
        int moov = s.indexOf("moov");
        int mdat = s.indexOf("mdat");
        return moov >= 0 && mdat >= 0 && moov < mdat;
    }

    /** The burned-in frame counter of every frame in display order, decoded by ffmpeg. */
    public static List<Integer> counters(Path file, int width, int height) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-i", file.toString(), "-fps_mode", "passthrough", "-f", "rawvideo",
                "-pix_fmt", "bgr24", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] all = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg could not decode " + file);
        }
        int size = width * height * 3;
        List<Integer> out = new ArrayList<>();
        for (int o = 0; o + size <= all.length; o += size) {
            out.add(FrameCounter.read(width, height, java.util.Arrays.copyOfRange(all, o, o + size)));
        }
        return out;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
