package io.gmeye.rigs.gb28181;

import io.gmeye.rigs.camera.Clips;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Simulated GB/T 28181 cameras that register to an agent, until stopped:
 * {@code ./run rig gb28181 N [--nvr=64] [--agent=127.0.0.1:5060] [--id=44031100002000000001]
 * [--password=...] [--sip=udp|tcp] [--hevc]}. N IPCs (the first a PTZ dome) and, with
 * {@code --nvr}, an NVR with that many channels, all streaming the street video as PS over RTP
 * when invited.
 */
public final class GbRigMain {
    private GbRigMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        int n = -1;
        for (String a : args) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                opt.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
            } else {
                n = count(a);
            }
        }
        if (n < 0) {
            n = 4;
        }
        String agent = opt.getOrDefault("agent", "127.0.0.1:5060");
        int colon = agent.lastIndexOf(':');
        String platformId = opt.getOrDefault("id", "44031100002000000001");
        String password = opt.getOrDefault("password", System.getenv().getOrDefault("GMEYE_GB28181_PASSWORD", "gb-demo-secret"));
        boolean hevc = opt.containsKey("hevc");
        String host = System.getenv().getOrDefault("GMEYE_RIG_HOST", "127.0.0.1");
        Clips clips = Clips.inTempDir();
        AccessUnits h264 = AccessUnits.of(clips.vtest(20));
        AccessUnits h265 = hevc ? AccessUnits.of(clips.vtestHevc(20)) : null;
        GbSimulator sim = GbSimulator.start(host, new GbSimulator.Platform(platformId, platformId.substring(0, 10), agent.substring(0, colon),
                Integer.parseInt(agent.substring(colon + 1))), h264, h265);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "gb-sim-stop"));
        String transport = opt.getOrDefault("sip", "udp");
        System.out.println("# GB/T 28181 devices registering to " + platformId + " at " + agent + " over " + transport
                + " (SIP of the devices on " + host + ":" + sim.port() + "); Ctrl-C stops them");
        for (int i = 1; i <= n; i++) {
            DeviceSpec d = DeviceSpec.ipc(i, password, i == 1).withTransport(transport).withKeepalive(java.time.Duration.ofSeconds(30))
                    .withHevc(hevc);
            sim.add(d);
            System.out.println("ipc " + d.id() + " channel " + d.channels().get(0).id() + (i == 1 ? " (PTZ dome)" : ""));
        }
        if (opt.containsKey("nvr")) {
            int channels = count(opt.get("nvr"));
            DeviceSpec nvr = DeviceSpec.nvr(1, password, channels).withTransport(transport).withKeepalive(java.time.Duration.ofSeconds(30));
            sim.add(nvr);
            System.out.println("nvr " + nvr.id() + " with " + channels + " channels");
        }
        System.out.println("# agent.yaml: gb28181: {enabled: true, id: \"" + platformId + "\", port: " + agent.substring(colon + 1)
                + ", password: \"" + password + "\"}");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static int count(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // usage below
        }
        System.err.println("usage: ./run rig gb28181 N [--nvr=CHANNELS] [--agent=HOST:PORT] [--id=PLATFORM_ID] [--password=PW] "
                + "[--sip=udp|tcp] [--hevc]   (N from 0 to 10000, got '" + text + "')");
        System.exit(2);
        return 0;
    }
}
