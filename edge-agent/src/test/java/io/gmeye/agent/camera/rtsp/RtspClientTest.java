package io.gmeye.agent.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The RTSP client against a camera that does what the rigs do not: asks for Digest, puts the
 * video on interleaved channel 2, sends RTCP and an RTSP message between the media, and has a
 * two-second session timeout, so the keep-alive must come (time is the test's clock).
 */
class RtspClientTest {
    private static final String SDP = "v=0\r\ns=cam\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z01AKOygPAET8uAiAAADAAIAAAMAZB4wYyw=,aOvjyyA=\r\na=control:track1\r\n";

    @Test
    void answersDigestReadsItsChannelPastRtcpAndRtspMessagesAndKeepsTheSessionAlive() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        CompletableFuture<Void> sendLast = new CompletableFuture<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String base = "rtsp://127.0.0.1:" + listener.getLocalPort() + "/live";
            Thread camera = new Thread(() -> serve(listener, base, requests, sendLast), "scripted-camera");
            camera.setDaemon(true);
            camera.start();
            List<byte[]> got = new ArrayList<>();
            try (RtspClient c = RtspClient.open("rtsp://admin:secret@127.0.0.1:" + listener.getLocalPort() + "/live",
                    now.get() + 10_000, now::get, x -> { })) {
                assertThat(c.track().control()).isEqualTo(base + "/track1");
                while (got.size() < 2) {
                    c.read((buf, off, len) -> got.add(java.util.Arrays.copyOfRange(buf, off, off + len)));
                }
                now.addAndGet(1_500); // past half the session timeout
                sendLast.complete(null);
                while (got.size() < 3) {
                    c.read((buf, off, len) -> got.add(java.util.Arrays.copyOfRange(buf, off, off + len)));
                }
                assertThat(got).extracting(p -> p[12]).containsExactly((byte) 0x65, (byte) 0x41, (byte) 0x41);
                List<String> seen = new ArrayList<>();
                String r;
                while ((r = requests.poll(10, TimeUnit.SECONDS)) != null && !r.startsWith("GET_PARAMETER")) {
                    seen.add(r);
                }
                assertThat(seen.get(0)).startsWith("OPTIONS ");
                assertThat(seen.get(1)).startsWith("DESCRIBE ").doesNotContain("Authorization");
                assertThat(seen.get(2)).startsWith("DESCRIBE ").contains("Authorization: Digest username=\"admin\", realm=\"cam\"")
                        .doesNotContain("secret");
                assertThat(seen.get(3)).startsWith("SETUP " + base + "/track1 ").contains("interleaved=0-1");
                assertThat(r).as("keep-alive").isNotNull().contains("Session: s1");
            }
            assertThat(requests.poll(10, TimeUnit.SECONDS)).startsWith("TEARDOWN ").contains("Session: s1");
        }
    }

    /** The camera's side, scripted: answers each request, streams after PLAY. */
    private static void serve(ServerSocket listener, String base, BlockingQueue<String> requests, CompletableFuture<Void> sendLast) {
        try (Socket s = listener.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            boolean challenged = false;
            while (true) {
                StringBuilder req = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    req.append(line).append("\r\n");
                }
                if (line == null) {
                    return;
                }
                String text = req.toString();
                requests.add(text);
                String cseq = text.replaceAll("(?s).*CSeq: (\\d+).*", "$1");
                String method = text.substring(0, text.indexOf(' '));
                switch (method) {
                    case "OPTIONS" -> reply(out, cseq, "200 OK", "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n", "");
                    case "DESCRIBE" -> {
                        if (!challenged) {
                            challenged = true;
                            reply(out, cseq, "401 Unauthorized", "WWW-Authenticate: Basic realm=\"cam\"\r\n"
                                    + "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc123\"\r\n", "");
                        } else {
                            reply(out, cseq, "200 OK", "Content-Base: " + base + "/\r\nContent-Type: application/sdp\r\n", SDP);
                        }
                    }
                    case "SETUP" -> reply(out, cseq, "200 OK", "Transport: RTP/AVP/TCP;unicast;interleaved=2-3\r\nSession: s1;timeout=2\r\n", "");
                    case "PLAY" -> {
                        reply(out, cseq, "200 OK", "Session: s1\r\n", "");
                        ByteArrayOutputStream media = new ByteArrayOutputStream();
                        media.writeBytes(frame(3, new byte[] {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4, 5, 6, 7, 8})); // RTCP sender report
                        media.writeBytes(frame(2, rtp(1, 0x65)));
                        media.writeBytes("RTSP/1.0 200 OK\r\nCSeq: 77\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1));
                        media.writeBytes(frame(2, rtp(2, 0x41)));
                        out.write(media.toByteArray());
                        out.flush();
                        sendLast.join();
                        out.write(frame(2, rtp(3, 0x41)));
                        out.flush();
                    }
                    case "GET_PARAMETER" -> reply(out, cseq, "200 OK", "Session: s1\r\n", "");
                    case "TEARDOWN" -> {
                        return;
                    }
                    default -> reply(out, cseq, "501 Not Implemented", "", "");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String cseq, String status, String headers, String body) throws IOException {
        out.write(("RTSP/1.0 " + status + "\r\nCSeq: " + cseq + "\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static byte[] rtp(int seq, int nalHeader) {
        byte[] p = new byte[16];
        p[0] = (byte) 0x80;
        p[1] = (byte) (0x80 | 96);
        p[3] = (byte) seq;
        p[7] = (byte) seq;
        p[12] = (byte) nalHeader;
        p[13] = 1;
        return p;
    }

    private static byte[] frame(int channel, byte[] packet) {
        byte[] f = new byte[4 + packet.length];
        f[0] = '$';
        f[1] = (byte) channel;
        f[2] = (byte) (packet.length >> 8);
        f[3] = (byte) packet.length;
        System.arraycopy(packet, 0, f, 4, packet.length);
        return f;
    }
}
