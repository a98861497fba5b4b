package io.gmeye.rigs.onvif;

import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Simulated ONVIF cameras until stopped: {@code ./run rig onvif N [--user=admin] [--password=...]}.
 * Each answers WS-Discovery probes on its own UDP port, SOAP with a UsernameToken digest, and
 * names an RTSP stream of the street video served by GStreamer; the first one is a PTZ dome.
 */
public final class OnvifRigMain {
    private OnvifRigMain() {
    }

    public static void main(String[] args) throws Exception {
        int n = 1;
        String user = "admin";
        String password = System.getenv().getOrDefault("GMEYE_ONVIF_PASSWORD", "onvif-demo-secret");
        for (String a : args) {
            if (a.startsWith("--user=")) {
                user = a.substring(7);
            } else if (a.startsWith("--password=")) {
                password = a.substring(11);
            } else {
                try {
                    n = Integer.parseInt(a);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > 100) {
                    System.err.println("usage: ./run rig onvif N [--user=admin] [--password=PW]   (N from 1 to 100, got '" + a + "')");
                    System.exit(2);
                }
            }
        }
        String host = System.getenv().getOrDefault("GMEYE_RIG_HOST", "127.0.0.1");
        RtspCameraServer.Builder b = RtspCameraServer.builder().address(host).auth(user, password);
        var clip = Clips.inTempDir().vtest(20);
        for (int i = 1; i <= n; i++) {
            b.mount(String.format("onvif%03d", i), clip);
        }
        RtspCameraServer rtsp = b.start();
        List<OnvifCameraSim> cameras = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            cameras.add(new OnvifCameraSim(host, user, password, rtsp.plainUrl(String.format("onvif%03d", i)), i == 1));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cameras.forEach(OnvifCameraSim::close);
            rtsp.close();
        }, "onvif-sim-stop"));
        System.out.println("# " + n + " ONVIF cameras (user " + user + "); Ctrl-C stops them");
        List<String> probes = new ArrayList<>();
        for (OnvifCameraSim c : cameras) {
            System.out.println(c.endpoint() + " probe " + c.probeAddress() + " device " + c.deviceServiceUrl());
            probes.add("\"" + c.probeAddress() + "\"");
        }
        System.out.println("# agent.yaml: onvif: {enabled: true, username: " + user + ", password: \"" + password + "\", probe: "
                + probes + "}");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
