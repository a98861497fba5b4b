package io.gmeye.rigs.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A clip's frames as the encoder wrote them: access units (split at the delimiters the clip was
 * prepared with), each a list of NAL units without start codes, with the parameter sets a session
 * description carries. H.264 and H.265.
 */
public final class AccessUnits {
    /**
     * One frame in decode order.
     *
     * @param display its place in display order (B-frames are sent before they are shown)
     */
    record Unit(List<byte[]> nals, boolean key, int display) {
    }

    private final Clip clip;
    private final List<Unit> units;
    private final List<byte[]> parameterSets;

    private AccessUnits(Clip clip, List<Unit> units, List<byte[]> parameterSets) {
        this.clip = clip;
        this.units = units;
        this.parameterSets = parameterSets;
    }

    static AccessUnits read(Clip clip) {
        byte[] data;
        try {
            data = Files.readAllBytes(clip.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + clip.file(), e);
        }
        boolean hevc = clip.codec().equals("hevc");
        List<Unit> units = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean key = false;
        byte[][] params = new byte[3][]; // h264: sps, pps; hevc: vps, sps, pps
        for (byte[] nal : nals(data)) {
            int type = hevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f;
            if (hevc ? type == 35 : type == 9) { // access unit delimiter: a new frame begins
                if (!current.isEmpty()) {
                    units.add(new Unit(List.copyOf(current), key, units.size()));
                }
                current.clear();
                key = false;
                continue;
            }
            current.add(nal);
            if (hevc) {
                key |= type >= 16 && type <= 21; // BLA, IDR, CRA: a random access point
                if (type >= 32 && type <= 34 && params[type - 32] == null) {
                    params[type - 32] = nal;
                }
            } else {
                key |= type == 5;
                if ((type == 7 || type == 8) && params[type - 7] == null) {
                    params[type - 7] = nal;
                }
            }
        }
        if (!current.isEmpty()) {
            units.add(new Unit(List.copyOf(current), key, units.size()));
        }
        if (clip.bframes() > 0) {
            units = inDisplayPlaces(clip, units);
        }
        if (units.isEmpty() || !units.get(0).key()) {
            throw new IllegalStateException(clip.file() + ": no access unit delimiters or no keyframe first; prepare it with Clips");
        }
        List<byte[]> sets = Arrays.stream(params).filter(p -> p != null).toList();
        if (sets.size() != (hevc ? 3 : 2)) {
            throw new IllegalStateException(clip.file() + ": parameter sets missing");
        }
        return new AccessUnits(clip, List.copyOf(units), sets);
    }

    /**
     * Where each frame is shown, from Debian's ffprobe: it lists packets in decode order and
     * frames in display order, both with the packet's byte offset.
     */
    private static List<Unit> inDisplayPlaces(Clip clip, List<Unit> units) {
        List<String> packets = probe(clip, "packet=pos");
        List<String> frames = probe(clip, "frame=pkt_pos");
        if (packets.size() != units.size() || frames.size() != units.size()) {
            throw new IllegalStateException(clip.file() + ": ffprobe counts " + packets.size() + " packets and " + frames.size()
                    + " frames, the delimiters " + units.size());
        }
        java.util.Map<String, Integer> decodeIndex = new java.util.HashMap<>();
        for (int i = 0; i < packets.size(); i++) {
            decodeIndex.put(packets.get(i), i);
        }
        Unit[] placed = new Unit[units.size()];
        for (int k = 0; k < frames.size(); k++) {
            int d = decodeIndex.get(frames.get(k));
            placed[d] = new Unit(units.get(d).nals(), units.get(d).key(), k);
        }
        return List.of(placed);
    }

    private static List<String> probe(Clip clip, String entries) {
        try {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", entries, "-of", "csv=p=0",
                    clip.file().toString()).redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                    .map(l -> l.split(",")[0].trim()).filter(l -> !l.isEmpty()).toList();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffprobe failed on " + clip.file() + ": " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffprobe (install Debian's ffmpeg)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Clip clip() {
        return clip;
    }

    List<Unit> units() {
        return units;
    }

    /** SPS and PPS (H.264), or VPS, SPS and PPS (H.265), as they first appear. */
    List<byte[]> parameterSets() {
        return parameterSets;
    }

    /** NAL units of an Annex B stream, without their start codes. */
    public static List<byte[]> nals(byte[] d) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < d.length) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                if (start >= 0) {
                    out.add(trimmed(d, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < d.length) {
            out.add(Arrays.copyOfRange(d, start, d.length));
        }
        return out;
    }

    /** A NAL from {@code from} to the next start code, less the zero byte a four-byte start code puts before it. */
    private static byte[] trimmed(byte[] d, int from, int to) {
        int end = to;
        while (end > from && d[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOfRange(d, from, end);
    }
}
