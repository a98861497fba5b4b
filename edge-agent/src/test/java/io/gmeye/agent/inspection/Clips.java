package io.gmeye.agent.inspection;

import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.ModelFiles;
import io.gmeye.models.runtime.OrtModel;
import io.gmeye.models.runtime.OrtSettings;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test material: short low-resolution clips cut from real video and photographs with the
 * ffmpeg CLI, read back as raw BGR frames, and the installed models.
 */
public final class Clips {
    public static final Path OPENCV_DATA = Path.of("/usr/share/doc/opencv-doc/examples/data");
    public static final Path VTEST = OPENCV_DATA.resolve("vtest.avi");

    private Clips() {
    }

    public static Path shared(String relative) {
        return Path.of(System.getProperty("gmeye.shared", "../../shared")).resolve(relative);
    }

    public static Path modelsDir() {
        return Path.of(System.getProperty("gmeye.root", "..")).resolve("models-installed");
    }

    public static Detector detector(String model) {
        return new Detector(OrtModel.load(ModelCatalog.builtIn().get(model), new ModelFiles(modelsDir()), OrtSettings.DEFAULT));
    }

    public static BgrImage photo(Path file) {
        try {
            return Jpeg.decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs ffmpeg with {@code args} (inputs and filters) and reads its output as width x height BGR frames. */
    public static List<BgrImage> frames(int width, int height, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-s", width + "x" + height, "-f", "rawvideo", "-pix_fmt", "bgr24", "-"));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<BgrImage> out = new ArrayList<>();
            try (InputStream in = p.getInputStream(); DataInputStream data = new DataInputStream(in)) {
                while (true) {
                    byte[] frame = new byte[width * height * 3];
                    try {
                        data.readFully(frame);
                    } catch (EOFException e) {
                        break;
                    }
                    out.add(new BgrImage(width, height, frame));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + cmd);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg (apt-get install ffmpeg): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
