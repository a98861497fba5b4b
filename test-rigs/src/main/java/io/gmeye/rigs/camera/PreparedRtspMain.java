package io.gmeye.rigs.camera;

import java.io.IOException;

/**
 * Serves N cameras from {@link PreparedRtspServer} in a process of its own, so a benchmark can
 * measure its CPU apart from the agent's: {@code PreparedRtspMain N [street|street-b|counted-CODEC-GOP-BFRAMES]
 * [PORT]}. Prints "READY port=P cameras=N" and the mount names (cam000, cam001, ...), then serves
 * until its standard input closes.
 */
public final class PreparedRtspMain {
    private PreparedRtspMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PreparedRtspMain N [street|street-b|counted-h264-20-0] [PORT]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        Clip clip = clip(args.length > 1 ? args[1] : "street");
        PreparedRtspServer.Builder b = PreparedRtspServer.builder().port(args.length > 2 ? Integer.parseInt(args[2]) : 0);
        for (int i = 0; i < n; i++) {
            b.mount(name(i), clip);
        }
        try (PreparedRtspServer server = b.start()) {
            System.out.println("READY port=" + server.port() + " cameras=" + n);
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until whoever started us goes away
            }
        }
    }

    /**
     * "street": the street video (768x576, 10 fps, a keyframe every 2 s); "street-b": the same
     * with 2 B-frames; "counted-h264-20-2": the counted pattern (320x240), GOP 20, 2 B-frames.
     */
    public static Clip clip(String spec) {
        Clips clips = Clips.inTempDir();
        if (spec.equals("street")) {
            return clips.vtest(20);
        }
        if (spec.equals("street-b")) {
            return clips.vtest(20, 2);
        }
        String[] p = spec.split("-");
        if (p.length != 4 || !p[0].equals("counted")) {
            throw new IllegalArgumentException("clip: street, street-b or counted-CODEC-GOP-BFRAMES, got " + spec);
        }
        return clips.counted(p[1], 320, 240, 10, Integer.parseInt(p[2]), Integer.parseInt(p[3]), 30);
    }

    public static String name(int i) {
        return String.format("cam%03d", i);
    }
}
