package io.gmeye.rigs.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the clips cameras serve, with the ffmpeg command line tool (Debian's ffmpeg): the
 * street video from Debian's opencv-doc, and generated test patterns. A clip is made once per
 * set of parameters and kept in the cache folder; concurrent makers write to a temporary file
 * and move it into place.
 */
public final class Clips {
    /** Pedestrians on a street, 768x576 at 10 fps, 79.5 s: what a city camera sees. */
    public static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    private final Path cache;

    public Clips(Path cache) {
        this.cache = cache;
    }

    /** Clips under the system's temporary folder, shared by tests, benchmarks and the demo. */
    public static Clips inTempDir() {
        return new Clips(Path.of(System.getProperty("java.io.tmpdir"), "gmeye-clips"));
    }

    /** The street video as H.264, 768x576 at 10 fps, a keyframe every {@code gop} frames. */
    public Clip vtest(int gop) {
        return vtest(gop, 0);
    }

    /** The street video with {@code bframes} B-frames between reference frames, as many cameras' High profile streams have. */
    public Clip vtest(int gop, int bframes) {
        if (!Files.isReadable(VTEST)) {
            throw new IllegalStateException(VTEST + " is missing: install Debian's opencv-doc (apt-get install -y opencv-doc)");
        }
        Path out = cache.resolve("vtest-768x576-10fps-gop" + gop + (bframes > 0 ? "-b" + bframes : "") + ".h264");
        make(out, List.of("-i", VTEST.toString()), gop, bframes);
        return new Clip(out, "h264", 768, 576, 10, gop, bframes, false);
    }

    /**
     * The street video's first {@code walkSeconds}, then its last frame held for {@code holdSeconds}:
     * people who stop and stand, as a street vendor does. The demo's inspection scene fires on it.
     */
    public Clip vtestHeld(int gop, int walkSeconds, int holdSeconds) {
        if (!Files.isReadable(VTEST)) {
            throw new IllegalStateException(VTEST + " is missing: install Debian's opencv-doc (apt-get install -y opencv-doc)");
        }
        Path out = cache.resolve("vtest-held-" + walkSeconds + "s-" + holdSeconds + "s-gop" + gop + ".h264");
        make(out, List.of("-t", Integer.toString(walkSeconds), "-i", VTEST.toString(), "-vf",
                "tpad=stop_mode=clone:stop_duration=" + holdSeconds + ",fps=10"), gop);
        return new Clip(out, 768, 576, 10, gop);
    }

    /** A moving test pattern (testsrc2: colour bars, a counter, a moving box). */
    public Clip pattern(int width, int height, int fps, int gop, int seconds) {
        Path out = cache.resolve("pattern-" + width + "x" + height + "-" + fps + "fps-gop" + gop + "-" + seconds + "s.h264");
        make(out, List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-t", Integer.toString(seconds)), gop);
        return new Clip(out, width, height, fps, gop);
    }

    /**
     * A moving test pattern whose frames carry their number as a bar code along the top
     * ({@link FrameCounter}), so a test can tell how old a picture's content is. {@code codec} is
     * "h264" (High profile) or "hevc"; {@code bframes} B-frames between reference frames (0: none).
     * Groups of pictures are closed (each starts with an IDR picture), as cameras send them.
     */
    public Clip counted(String codec, int width, int height, int fps, int gop, int bframes, int seconds) {
        if (!codec.equals("h264") && !codec.equals("hevc")) {
            throw new IllegalArgumentException("codec: h264 or hevc, got " + codec);
        }
        Path out = cache.resolve("counted-" + codec + "-" + width + "x" + height + "-" + fps + "fps-gop" + gop + "-b" + bframes + "-"
                + seconds + "s" + (codec.equals("hevc") && bframes > 0 ? "-closed" : "") + "." + codec);
        List<String> input = List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-t",
                Integer.toString(seconds), "-vf", FrameCounter.filter(width));
        if (codec.equals("h264")) {
            make(out, input, gop, bframes);
        } else {
            makeHevc(out, input, gop, bframes, false);
        }
        return new Clip(out, codec, width, height, fps, gop, bframes, true);
    }

    /**
     * The street video as H.265 (what many newer GB/T 28181 cameras send), 768x576 at 10 fps, with
     * its parameter sets before every keyframe: a PS stream carries them in band, not in an SDP.
     */
    public Clip vtestHevc(int gop) {
        if (!Files.isReadable(VTEST)) {
            throw new IllegalStateException(VTEST + " is missing: install Debian's opencv-doc (apt-get install -y opencv-doc)");
        }
        Path out = cache.resolve("vtest-768x576-10fps-gop" + gop + "-repeat.h265");
        makeHevc(out, List.of("-i", VTEST.toString()), gop, 0, true);
        return new Clip(out, "hevc", 768, 576, 10, gop, 0, false);
    }

    /** The moving test pattern as H.265, parameter sets before every keyframe. */
    public Clip patternHevc(int width, int height, int fps, int gop, int seconds) {
        Path out = cache.resolve("pattern-" + width + "x" + height + "-" + fps + "fps-gop" + gop + "-" + seconds + "s-repeat.h265");
        makeHevc(out, List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-t", Integer.toString(seconds)),
                gop, 0, true);
        return new Clip(out, "hevc", width, height, fps, gop, 0, false);
    }

    /**
     * A still picture (a photograph of people, say) streamed as video: the picture scaled to
     * {@code width} x {@code height} (even sizes), every frame the same, so a test knows exactly
     * what the camera showed.
     */
    public Clip still(Path picture, int width, int height, int fps, int gop, int seconds) {
        if (!Files.isReadable(picture)) {
            throw new IllegalArgumentException("picture: " + picture + " cannot be read");
        }
        String name = picture.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_");
        Path out = cache.resolve("still-" + name + "-" + width + "x" + height + "-" + fps + "fps-gop" + gop + "-" + seconds + "s.h264");
        make(out, List.of("-loop", "1", "-framerate", Integer.toString(fps), "-i", picture.toString(), "-t", Integer.toString(seconds),
                "-vf", "scale=" + width + ":" + height), gop);
        return new Clip(out, width, height, fps, gop);
    }

    public Clip pattern720p(int gop) {
        return pattern(1280, 720, 25, gop, 10);
    }

    public Clip pattern1080p(int gop) {
        return pattern(1920, 1080, 25, gop, 10);
    }

    private void make(Path out, List<String> input, int gop) {
        make(out, input, gop, 0);
    }

    /** H.264 High profile with a fixed GOP (the keyframe rate is known) and a fixed number of B-frames (0 for most cameras). */
    private void make(Path out, List<String> input, int gop, int bframes) {
        encode(out, input, List.of("-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop), "-sc_threshold", "0",
                "-bf", Integer.toString(bframes), "-b_strategy", "0", "-bsf:v", "h264_metadata=aud=insert", "-f", "h264"), gop);
    }

    /** {@code repeatHeaders}: VPS, SPS and PPS before every keyframe, for streams joined mid-way without a session description. */
    private void makeHevc(Path out, List<String> input, int gop, int bframes, boolean repeatHeaders) {
        encode(out, input, List.of("-c:v", "libx265", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-x265-params",
                // closed groups (IDR keyframes), as cameras send: x265's default CRA keyframes lead with pictures that need the group before
                "keyint=" + gop + ":min-keyint=" + gop + ":scenecut=0:bframes=" + bframes + ":b-adapt=0:log-level=error"
                        + (bframes > 0 ? ":open-gop=0" : "")
                        + (repeatHeaders ? ":repeat-headers=1" : ""),
                "-bsf:v", "hevc_metadata=aud=insert", "-f", "hevc"), gop);
    }

    private void encode(Path out, List<String> input, List<String> encoder, int gop) {
        if (Files.isRegularFile(out)) {
            return;
        }
        if (gop < 1) {
            throw new IllegalArgumentException("gop: must be at least 1 frame, got " + gop);
        }
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, out.getFileName().toString(), ".part");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
            cmd.addAll(input);
            cmd.add("-an");
            cmd.addAll(encoder);
            cmd.add(tmp.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("ffmpeg could not make " + out.getFileName() + ": " + log.strip());
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make clip " + out + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("ffmpeg") ? " (install Debian's ffmpeg)" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making " + out, e);
        }
    }
}
