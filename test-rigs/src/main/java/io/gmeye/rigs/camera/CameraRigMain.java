package io.gmeye.rigs.camera;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CountDownLatch;

/**
 * Serves N simulated street cameras (the vtest street video, 768x576 at 10 fps, a keyframe every
 * 2 s) until stopped, and prints their URLs: {@code ./run rig cameras N [PORT] [--held] [--prepared]}.
 * With {@code --held} the last camera shows people who stop and stand (the street's first 6 s, then
 * its last frame held for 40 s, looped): what a vending scene is for. With {@code --prepared} the
 * cameras come from {@link PreparedRtspServer} (RTP over TCP only, far cheaper: a thousand cameras
 * on one box) instead of GStreamer's server.
 */
public final class CameraRigMain {
    private CameraRigMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? parseCount(args[0]) : 4;
        Clip clip = Clips.inTempDir().vtest(20);
        boolean held = List.of(args).contains("--held");
        int fixedPort = args.length > 1 && !args[1].startsWith("--") ? parsePort(args[1]) : 0;
        // GMEYE_RIG_HOST=0.0.0.0 lets other boxes (a compose network) reach the cameras
        String host = System.getenv().getOrDefault("GMEYE_RIG_HOST", "127.0.0.1");
        boolean prepared = List.of(args).contains("--prepared");
        Map<String, Clip> mounts = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            mounts.put(name(i), held && i == n ? Clips.inTempDir().vtestHeld(20, 6, 40) : clip);
        }
        AutoCloseable server;
        Function<String, String> url;
        if (prepared) {
            PreparedRtspServer.Builder b = PreparedRtspServer.builder().address(host).port(fixedPort);
            mounts.forEach(b::mount);
            PreparedRtspServer s = b.start();
            server = s;
            url = s::url;
        } else {
            RtspCameraServer.Builder b = RtspCameraServer.builder().address(host).port(fixedPort);
            mounts.forEach(b::mount);
            RtspCameraServer s = b.start();
            server = s;
            url = s::url;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }, "rtsp-server-stop"));
        System.out.println("# " + n + " simulated cameras (768x576, 10 fps, H.264, " + (prepared ? "prepared RTP over TCP" : "RTSP over TCP or UDP")
                + "); Ctrl-C stops them");
        mounts.keySet().forEach(m -> System.out.println(m + " " + url.apply(m)));
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            System.err.println("usage: ./run rig cameras N [PORT]   (PORT a number, got '" + text + "')");
            System.exit(2);
            return 0;
        }
    }

    private static String name(int i) {
        return String.format("cam%03d", i);
    }

    private static int parseCount(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 1 || n > 2000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            System.err.println("usage: ./run rig cameras N [PORT]   (N from 1 to 2000, got '" + text + "')");
            System.exit(2);
            return 0;
        }
    }
}
