package io.gmeye.agent.camera;

import io.gmeye.models.image.BgrImage;
import io.gmeye.rigs.camera.Clip;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The frames of a clip as Debian's ffmpeg decodes them: the ground truth a snapshot is checked against. */
final class SourceFrames {
    private SourceFrames() {
    }

    static List<BgrImage> decode(Clip clip) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", clip.file().toString(),
                "-f", "rawvideo", "-pix_fmt", "bgr24", "-").start();
        int size = clip.width() * clip.height() * 3;
        List<BgrImage> frames = new ArrayList<>();
        try (InputStream in = p.getInputStream()) {
            byte[] frame;
            while ((frame = in.readNBytes(size)).length == size) {
                frames.add(new BgrImage(clip.width(), clip.height(), frame));
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || frames.isEmpty()) {
            throw new IOException("ffmpeg could not decode " + clip.file());
        }
        return frames;
    }

    /** Mean absolute difference per channel value, 0..255. */
    static double meanAbsDiff(BgrImage a, BgrImage b) {
        byte[] x = a.pixels();
        byte[] y = b.pixels();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
        }
        return (double) sum / x.length;
    }
}
