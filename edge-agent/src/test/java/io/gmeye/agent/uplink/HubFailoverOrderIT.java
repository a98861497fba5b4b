package io.gmeye.agent.uplink;

import static io.gmeye.agent.uplink.DownlinkHandlerFailureIT.await;
import static io.gmeye.agent.uplink.DownlinkHandlerFailureIT.awaitListening;
import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with a cluster's two nodes (Debian's mosquitto stands in for each) loses the node it
 * is on; that node's address then accepts TCP and never answers (a hung node, or a host that
 * is gone behind a firewall that still answers SYN): the agent goes to the other node first and
 * never waits on the lost one.
 */
class HubFailoverOrderIT {
    private static final String SITE = "site-f";
    @TempDir
    Path dir;

    @Test
    void afterLosingItsNodeTheAgentTriesTheOtherNodeBeforeTheLostOne() throws Exception {
        int a = FreePorts.next();
        int b = FreePorts.next();
        Process nodeA = mosquitto("a", a);
        Process nodeB = mosquitto("b", b);
        Clock clock = Clock.systemUTC();
        AtomicInteger hungAccepts = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        ServerSocket hung = null;
        try (RocksOutbox outbox = new RocksOutbox(dir.resolve("outbox"), 64L << 20, clock, Metrics.NOOP)) {
            awaitListening(a);
            awaitListening(b);
            // the first retry comes 1-2 s after the loss: time enough to put the hung listener on node A's port
            MqttUplink uplink = new MqttUplink(SITE, new UplinkConfig("tcp://127.0.0.1:" + a + ",tcp://127.0.0.1:" + b, SITE, "x", null, null,
                    null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(2), null, null, Duration.ofSeconds(3)), outbox,
                    new CommandRouter(clock), Metrics.NOOP, clock);
            try {
                uplink.start();
                await(uplink::connected, "the uplink connects to node A, the first address");
                nodeA.destroyForcibly().waitFor();
                hung = new ServerSocket();
                hung.setReuseAddress(true);
                hung.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), a));
                ServerSocket listening = hung;
                Thread acceptor = new Thread(() -> {
                    try {
                        while (true) {
                            held.add(listening.accept()); // accepted, never answered: the MQTT CONNECT waits for its timeout
                            hungAccepts.incrementAndGet();
                        }
                    } catch (IOException closed) {
                        // the test is over
                    }
                }, "hung-node-a");
                acceptor.setDaemon(true);
                acceptor.start();
                await(() -> !uplink.connected(), "the uplink sees node A gone");
                await(uplink::connected, "the uplink connects again");
                assertThat(hungAccepts.get()).as("connection attempts to the lost node before the other node took the agent").isZero();
            } finally {
                uplink.close();
            }
        } finally {
            if (hung != null) {
                hung.close();
            }
            for (Socket s : held) {
                s.close();
            }
            nodeA.destroyForcibly().waitFor();
            nodeB.destroy();
            nodeB.waitFor();
        }
    }

    private Process mosquitto(String name, int port) throws IOException {
        Path conf = dir.resolve("mosquitto-" + name + ".conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
        return new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto-" + name + ".log").toFile()).start();
    }
}
