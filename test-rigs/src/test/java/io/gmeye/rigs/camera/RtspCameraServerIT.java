package io.gmeye.rigs.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The camera simulator, checked with Debian's ffprobe as an independent RTSP client. */
class RtspCameraServerIT {
    private static RtspCameraServer server;

    @BeforeAll
    static void start() {
        Clips clips = Clips.inTempDir();
        server = RtspCameraServer.builder()
                .mount("small", clips.pattern(320, 240, 10, 10, 4))
                .mount("hd", clips.pattern720p(25))
                .auth("admin", "secret")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesEachMountOverTcpAndUdpWithItsSizeAndRate() throws Exception {
        assertThat(probe(server.url("small"), "tcp")).contains("320,240,10/1");
        assertThat(probe(server.url("hd"), "tcp")).contains("1280,720,25/1");
        assertThat(probe(server.url("small"), "udp")).contains("320,240,10/1");
    }

    @Test
    void asksForThePasswordAndRefusesAWrongOne() throws Exception {
        assertThat(probe(server.plainUrl("small"), "tcp")).contains("401");
        assertThat(probe(server.url("small", "admin", "wrong"), "tcp")).contains("401");
    }

    @Test
    void answersNotFoundForAMountThatDoesNotExist() throws Exception {
        assertThat(probe(server.url("nope"), "tcp")).contains("404");
    }

    @Test
    void comesBackOnTheSamePortAfterBeingKilled() throws Exception {
        int port = server.port();
        server.kill();
        assertThat(server.running()).isFalse();
        assertThat(probe(server.url("small"), "tcp")).containsIgnoringCase("refused");
        server.restart();
        assertThat(server.port()).isEqualTo(port);
        // the restarted server may take a first client before its media streams (seen once in a CI run: PLAY
        // answered, no RTP): a camera comes back when a client that tries again gets pictures
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(probe(server.url("small"), "tcp")).contains("320,240,10/1"));
    }

    private static String probe(String url, String transport) throws IOException, InterruptedException {
        // -timeout (socket I/O, microseconds): a server that stops sending ends the probe instead of hanging the suite
        Process p = new ProcessBuilder(List.of("ffprobe", "-hide_banner", "-v", "error", "-rtsp_transport", transport, "-timeout", "10000000",
                "-analyzeduration", "1000000", "-select_streams", "v:0",
                "-show_entries", "stream=width,height,r_frame_rate", "-of", "csv=p=0", url))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
