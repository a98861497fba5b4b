package io.gmeye.agent.camera.rtsp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The video track of a DESCRIBE answer (RFC 4566, RFC 2326 C.1): its payload type, encoding and
 * clock rate (rtpmap), where to SETUP it (control, relative to the content base or absolute), and
 * the parameter sets the camera announces (fmtp sprop-parameter-sets for H.264, sprop-vps/sps/pps
 * for H.265), which become the decoder's extradata.
 */
public final class Sdp {
    private Sdp() {
    }

    /**
     * @param encoding upper case as the rtpmap names it: H264, H265, ...; null when the track has no rtpmap
     * @param control  absolute URL to SETUP
     * @param fps      from a=framerate, 0 when not given
     */
    public record VideoTrack(int payloadType, String encoding, int clockRate, String control, List<byte[]> parameterSets,
                             double fps) {
    }

    /**
     * The first video track of {@code sdp}; null when it has none.
     *
     * @param base the content base (Content-Base, else Content-Location, else the request URL)
     */
    public static VideoTrack video(String sdp, String base) {
        String sessionControl = null;
        boolean inVideo = false;
        boolean seenMedia = false;
        int pt = -1;
        String encoding = null;
        int clock = 90_000;
        String control = null;
        String fmtp = null;
        double fps = 0;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                if (inVideo) {
                    break; // the first video track is the one
                }
                seenMedia = true;
                String[] f = line.substring(2).split(" ");
                inVideo = f[0].equals("video") && f.length >= 4;
                if (inVideo) {
                    pt = parseInt(f[3], -1);
                }
                continue;
            }
            if (!seenMedia) {
                if (line.startsWith("a=control:")) {
                    sessionControl = line.substring(10).trim();
                }
                continue;
            }
            if (!inVideo) {
                continue;
            }
            if (line.startsWith("a=rtpmap:")) {
                String[] f = line.substring(9).split("[ /]");
                if (f.length >= 3 && parseInt(f[0], -2) == pt) {
                    encoding = f[1].toUpperCase(Locale.ROOT);
                    clock = parseInt(f[2], 90_000);
                }
            } else if (line.startsWith("a=fmtp:")) {
                int space = line.indexOf(' ');
                if (space > 0 && parseInt(line.substring(7, space), -2) == pt) {
                    fmtp = line.substring(space + 1);
                }
            } else if (line.startsWith("a=control:")) {
                control = line.substring(10).trim();
            } else if (line.startsWith("a=framerate:")) {
                try {
                    fps = Double.parseDouble(line.substring(12).trim());
                } catch (NumberFormatException e) {
                    fps = 0;
                }
            }
        }
        if (!inVideo) {
            return null;
        }
        String sessionBase = sessionControl == null || sessionControl.equals("*") ? base : resolve(base, sessionControl);
        String url = control == null || control.equals("*") ? sessionBase : resolve(sessionBase, control);
        return new VideoTrack(pt, encoding, clock, url, parameterSets(encoding, fmtp), fps);
    }

    /**
     * A control URL (RFC 2326 C.1.1): absolute as given, else appended to the base as FFmpeg and
     * the cameras' own clients do, not resolved as a URI would be (a base with a query,
     * {@code .../realmonitor?channel=1&subtype=0/}, keeps it).
     */
    static String resolve(String base, String control) {
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        return (base.endsWith("/") ? base : base + "/") + control;
    }

    private static List<byte[]> parameterSets(String encoding, String fmtp) {
        List<byte[]> sets = new ArrayList<>();
        if (fmtp == null) {
            return sets;
        }
        String[] wanted = "H265".equals(encoding) ? new String[] {"sprop-vps", "sprop-sps", "sprop-pps"}
                : new String[] {"sprop-parameter-sets"};
        for (String name : wanted) {
            for (String param : fmtp.split(";")) {
                int eq = param.indexOf('=');
                if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase(name)) {
                    for (String b64 : param.substring(eq + 1).trim().split(",")) {
                        try {
                            byte[] nal = Base64.getDecoder().decode(b64.trim());
                            if (nal.length > 0) {
                                sets.add(nal);
                            }
                        } catch (IllegalArgumentException e) {
                            // a set we cannot read: the camera's in-band ones will do
                        }
                    }
                }
            }
        }
        return sets;
    }

    private static int parseInt(String s, int otherwise) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
