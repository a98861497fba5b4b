package io.gmeye.rigs.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers a test or benchmark is about to start, each handed out once per
 * JVM. Asking the kernel for port 0 twice can give the same port twice (the first socket is
 * closed before the second bind), and a Kafka broker then got one port for both of its listeners.
 * Ports come from below the kernel's ephemeral range, so the outgoing connections of a cluster
 * starting up (Kafka, Hazelcast, the event bus) cannot take one before its server binds it.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A loopback port that nothing listens on now and that this JVM has not handed out before. */
    public static int next() {
        return next(LOWEST, Math.max(LOWEST + 1, ephemeralLow()));
    }

    /** A port in [lowest, below), as {@link #next()}. */
    static synchronized int next(int lowest, int below) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(lowest, below);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port in [" + lowest + ", " + below + ")"
                + " after 1000 tries: all in use or handed out already");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), 32768 where it cannot be read. */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: /proc reports a size of 0 and readString then returned "3"
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
