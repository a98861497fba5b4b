package io.gmeye.rigs.gb28181;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An Annex B clip (H.264 or H.265, an access unit delimiter before every frame) cut into its
 * frames, each with whether it starts a GOP: what a camera's encoder hands its PS muxer.
 */
public record AccessUnits(List<Frame> frames, boolean hevc, int fps) {

    /** One coded picture with its parameter sets, start codes included. */
    public record Frame(byte[] data, boolean key) {
    }

    public static AccessUnits of(io.gmeye.rigs.camera.Clip clip) {
        return read(clip.file(), clip.hevc(), clip.fps());
    }

    public static AccessUnits read(Path file, boolean hevc, int fps) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + file, e);
        }
        List<Frame> frames = new ArrayList<>();
        int start = -1;
        boolean key = false;
        int i = 0;
        while (i + 3 < b.length) {
            int sc = startCode(b, i);
            if (sc == 0) {
                i++;
                continue;
            }
            int nal = i + sc;
            int type = hevc ? (b[nal] >> 1) & 0x3F : b[nal] & 0x1F;
            boolean aud = hevc ? type == 35 : type == 9;
            if (aud) {
                if (start >= 0) {
                    frames.add(new Frame(java.util.Arrays.copyOfRange(b, start, i), key));
                }
                start = i;
                key = false;
            } else if (hevc ? type >= 16 && type <= 21 : type == 5) {
                key = true;
            }
            i = nal + 1;
        }
        if (start >= 0) {
            frames.add(new Frame(java.util.Arrays.copyOfRange(b, start, b.length), key));
        }
        if (frames.isEmpty() || !frames.get(0).key()) {
            throw new IllegalStateException(file + ": no access unit delimiters, or it does not start with a keyframe");
        }
        return new AccessUnits(List.copyOf(frames), hevc, fps);
    }

    private static int startCode(byte[] b, int i) {
        if (b[i] == 0 && b[i + 1] == 0) {
            if (b[i + 2] == 1) {
                return 3;
            }
            if (b[i + 2] == 0 && i + 3 < b.length && b[i + 3] == 1) {
                return 4;
            }
        }
        return 0;
    }
}
