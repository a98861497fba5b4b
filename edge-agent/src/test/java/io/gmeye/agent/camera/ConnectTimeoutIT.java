package io.gmeye.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A camera that accepts the connection and never answers: the agent gives up after its connect
 * timeout, not after the shorter socket timeout, and says so.
 */
class ConnectTimeoutIT {
    @Test
    void aCameraThatNeverAnswersIsGivenTheConnectTimeoutNotTheShorterSocketTimeout() throws Exception {
        List<Long> heldMs = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> holdSilently(silent, heldMs), "silent-camera");
            acceptor.setDaemon(true);
            acceptor.start();
            CameraConfig config = new CameraConfig(List.of(new CameraSpec("mute", "rtsp://127.0.0.1:" + silent.getLocalPort() + "/cam", "tcp",
                    "full", List.of())), Duration.ofSeconds(4), Duration.ofSeconds(2), null, null, null, 0, null, null,
                    Duration.ofMillis(500), null, null, 0, 0, null, 0, 0, null, null, null);
            try (CameraFeature feature = new CameraFeature(config, "site-1", new RecordingOutbox(), new RecordingDirectChannel(),
                    Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF)) {
                feature.start();
                await().atMost(Duration.ofSeconds(15)).until(() -> !heldMs.isEmpty() && !feature.health().isEmpty()
                        && feature.health().get(0).lastError() != null);
                CameraHealth h = feature.health().get(0);
                assertThat(h.state()).isEqualTo(CameraState.OFFLINE);
                assertThat(h.lastError()).startsWith("no answer from").contains("within 4.0 s");
                assertThat(heldMs.get(0)).as("how long the agent waited for an answer (ms)").isBetween(3_800L, 6_000L);
            }
        }
    }

    /** Accepts and says nothing; notes how long each client stayed before hanging up. */
    private static void holdSilently(ServerSocket server, List<Long> heldMs) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                long at = System.nanoTime();
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream()) {
                        while (in.read() >= 0) {
                            // the request goes unanswered
                        }
                    } catch (IOException ignored) {
                        // the client reset the connection: it gave up too
                    }
                    heldMs.add((System.nanoTime() - at) / 1_000_000);
                }, "silent-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
