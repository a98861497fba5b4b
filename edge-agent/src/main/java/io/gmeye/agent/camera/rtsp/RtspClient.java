package io.gmeye.agent.camera.rtsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * An RTSP client (RFC 2326) for one camera's video over TCP, as IP cameras speak it: OPTIONS,
 * DESCRIBE, SETUP with RTP interleaved on the RTSP connection, PLAY; Basic or Digest credentials
 * from the URL when the camera asks (401); a redirect followed; keep-alive (GET_PARAMETER where
 * the camera lists it, else OPTIONS) within the session timeout; TEARDOWN on close.
 *
 * <p>Then {@link #read} takes whatever the socket holds into one big buffer (many RTP packets per
 * system call, where FFmpeg's reader makes three reads, each after a poll, per packet) and hands
 * the video channel's packets to a sink; RTCP, other channels and RTSP messages between them are
 * passed over. One thread uses a client; {@link #abort} may be called from any thread and makes
 * a blocked read fail.
 */
public final class RtspClient implements AutoCloseable {
    /** Room for the largest interleaved frame (4 + 65535 bytes) and more; a thousand cameras hold 80 MiB of them. */
    private static final int BUFFER = 80 * 1024;
    private static final int MAX_HEADER = 16 * 1024;
    private static final int MAX_REDIRECTS = 3;
    private static final String AGENT = "gmeye-agent";

    /** Receives the video's RTP packets (the buffer is reused: copy what is kept). */
    public interface Sink {
        void rtp(byte[] buf, int off, int len) throws IOException;
    }

    private final RtspUrl url;
    private final LongSupplier clock;
    private final Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int start;
    private int end;
    private int cseq;
    private RtspAuth auth;
    private String session;
    private long keepAliveEveryMs = 30_000;
    private long nextKeepAliveAt;
    private boolean getParameter;
    private Sdp.VideoTrack track;
    private String sdp;
    private int videoChannel;
    private volatile boolean aborted;

    private RtspClient(RtspUrl url, Socket socket, LongSupplier clock) {
        this.url = url;
        this.socket = socket;
        this.clock = clock;
    }

    /** Hook to learn the socket as soon as it exists, so another thread can abort a connect in progress. */
    public interface Opening {
        void socket(RtspClient client);
    }

    /**
     * Connects, describes and sets up the video track, and starts it playing. Each step waits at
     * most until {@code deadlineMs} (of {@code clock}); with {@link Long#MAX_VALUE} the socket has
     * no timeouts and the caller ends a wait with {@link #abort} (Java then keeps the socket in
     * blocking mode: one system call per read, where a timed read takes three).
     */
    public static RtspClient open(String rawUrl, long deadlineMs, LongSupplier clock, Opening opening) throws IOException {
        String current = rawUrl;
        RtspUrl credentials = RtspUrl.parse(rawUrl);
        for (int redirects = 0; ; redirects++) {
            RtspUrl u = RtspUrl.parse(current);
            if (u.user() == null && credentials.user() != null) {
                u = new RtspUrl(u.host(), u.port(), credentials.user(), credentials.password(), u.withoutCredentials());
            }
            RtspClient c = new RtspClient(u, new Socket(), clock);
            opening.socket(c);
            try {
                String location = c.setUp(deadlineMs);
                if (location == null) {
                    return c;
                }
                c.closeQuietly();
                if (redirects >= MAX_REDIRECTS) {
                    throw RtspFailure.status(302, "redirected more than " + MAX_REDIRECTS + " times", "DESCRIBE");
                }
                current = location;
            } catch (IOException | RuntimeException e) {
                c.closeQuietly();
                throw e;
            }
        }
    }

    /** Sets the session up; the URL to go to instead when the camera redirects, else null. */
    private String setUp(long deadlineMs) throws IOException {
        if (aborted) {
            throw new java.net.SocketException("aborted");
        }
        socket.setReceiveBufferSize(BUFFER); // before connecting: the window is agreed in the handshake
        socket.connect(new InetSocketAddress(url.host(), url.port()),
                deadlineMs == Long.MAX_VALUE ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, deadlineMs - clock.getAsLong())));
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        Response options = request("OPTIONS", url.withoutCredentials(), "", deadlineMs);
        if (options.status() == 200) {
            getParameter = options.header("public").toUpperCase(Locale.ROOT).contains("GET_PARAMETER");
        }
        String describeUrl = url.withoutCredentials();
        Response describe = request("DESCRIBE", describeUrl, "Accept: application/sdp\r\n", deadlineMs);
        if (describe.status() >= 300 && describe.status() < 400 && !describe.header("location").isEmpty()) {
            return describe.header("location");
        }
        expectOk(describe, "DESCRIBE");
        String base = describe.header("content-base");
        base = base.isEmpty() ? describe.header("content-location") : base;
        sdp = new String(describe.body(), StandardCharsets.UTF_8);
        track = Sdp.video(sdp, base.isEmpty() ? describeUrl : base);
        if (track == null) {
            throw RtspFailure.unsupported("the camera describes no video track");
        }
        if (!"H264".equals(track.encoding()) && !"H265".equals(track.encoding())) {
            throw RtspFailure.unsupported("the camera's video is " + track.encoding() + ", not H.264 or H.265");
        }
        Response setup = request("SETUP", track.control(), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", deadlineMs);
        if (setup.status() == 461) {
            throw RtspFailure.unsupported("the camera does not send RTP over its RTSP connection (461)");
        }
        expectOk(setup, "SETUP");
        videoChannel = interleavedChannel(setup.header("transport"));
        String s = setup.header("session");
        if (s.isEmpty()) {
            throw RtspFailure.status(setup.status(), "without a session", "SETUP");
        }
        int semi = s.indexOf(';');
        session = (semi < 0 ? s : s.substring(0, semi)).trim();
        for (String param : s.split(";")) {
            String p = param.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("timeout=")) {
                try {
                    // keep-alive well within the session timeout (RFC 2326 12.37: 60 s by default)
                    keepAliveEveryMs = Math.max(1_000, Long.parseLong(p.substring(8).trim()) * 1000 / 2);
                } catch (NumberFormatException e) {
                    // keep the default
                }
            }
        }
        Response play = request("PLAY", sessionUrl(base.isEmpty() ? describeUrl : base), "Range: npt=0.000-\r\n", deadlineMs);
        expectOk(play, "PLAY");
        socket.setSoTimeout(0); // from now on a blocked read ends with data, the camera's close or abort()
        nextKeepAliveAt = clock.getAsLong() + keepAliveEveryMs;
        return null;
    }

    /** The aggregate URL for PLAY: the content base (RFC 2326 C.1.1), without a trailing slash some cameras reject. */
    private static String sessionUrl(String base) {
        return base.endsWith("/") && base.length() > 8 ? base.substring(0, base.length() - 1) : base;
    }

    public Sdp.VideoTrack track() {
        return track;
    }

    /** The session description the camera answered DESCRIBE with. */
    public String sdp() {
        return sdp;
    }

    /**
     * Reads what the socket holds (blocking until something comes) and hands every complete video
     * RTP packet to {@code sink}; sends a keep-alive when one is due.
     */
    public void read(Sink sink) throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (buf.length - end < 8 * 1024) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            throw new RtspFailure(RtspFailure.Kind.CLOSED, 0, "the camera closed the connection");
        }
        end += n;
        while (start < end) {
            if (buf[start] == '$') {
                if (end - start < 4) {
                    break;
                }
                int channel = buf[start + 1] & 0xff;
                int len = ((buf[start + 2] & 0xff) << 8) | (buf[start + 3] & 0xff);
                if (end - start < 4 + len) {
                    break;
                }
                if (channel == videoChannel) {
                    sink.rtp(buf, start + 4, len);
                }
                start += 4 + len;
            } else if (buf[start] == 'R' || Character.isUpperCase(buf[start])) {
                // a message between the interleaved data: an answer to a keep-alive, or the camera's own request
                int headerEnd = indexOf(buf, start, end, "\r\n\r\n");
                if (headerEnd < 0) {
                    if (end - start > MAX_HEADER) {
                        start = skipToDollar(start + 1);
                        continue;
                    }
                    break;
                }
                String head = new String(buf, start, headerEnd - start, StandardCharsets.ISO_8859_1);
                int length = contentLength(head);
                if (end - headerEnd - 4 < length) {
                    break;
                }
                start = headerEnd + 4 + length;
            } else {
                start = skipToDollar(start + 1); // not framing we know: find the next packet
            }
        }
        long now = clock.getAsLong();
        if (now >= nextKeepAliveAt) {
            nextKeepAliveAt = now + keepAliveEveryMs;
            send(getParameter ? "GET_PARAMETER" : "OPTIONS", getParameter ? sessionUrl(url.withoutCredentials()) : url.withoutCredentials(), "");
        }
    }

    private int skipToDollar(int from) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '$') {
                return i;
            }
        }
        return end;
    }

    /** Makes a blocked connect or read fail at once; from any thread. */
    public void abort() {
        aborted = true;
        closeQuietly();
    }

    /** Ends the session (TEARDOWN, not waited for) and closes the connection. */
    @Override
    public void close() {
        if (session != null && !socket.isClosed()) {
            try {
                send("TEARDOWN", sessionUrl(url.withoutCredentials()), "");
            } catch (IOException e) {
                // the camera is gone anyway
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    record Response(int status, String phrase, List<String[]> headers, byte[] body) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return h[1];
                }
            }
            return "";
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }
    }

    private Response request(String method, String uri, String extra, long deadlineMs) throws IOException {
        int sent = send(method, uri, extra);
        Response r = await(sent, deadlineMs);
        if (r.status() == 401 && auth == null && url.user() != null) {
            auth = RtspAuth.from(r.all("www-authenticate"), url.user(), url.password());
            if (auth != null) {
                r = await(send(method, uri, extra), deadlineMs);
            }
        }
        return r;
    }

    private int send(String method, String uri, String extra) throws IOException {
        int n = ++cseq;
        StringBuilder b = new StringBuilder(256).append(method).append(' ').append(uri).append(" RTSP/1.0\r\nCSeq: ").append(n)
                .append("\r\nUser-Agent: ").append(AGENT).append("\r\n");
        if (session != null) {
            b.append("Session: ").append(session).append("\r\n");
        }
        if (auth != null) {
            b.append("Authorization: ").append(auth.header(method, uri)).append("\r\n");
        }
        b.append(extra).append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return n;
    }

    /** Waits for the answer with this CSeq, passing over interleaved data and other messages. */
    private Response await(int wantedSeq, long deadlineMs) throws IOException {
        while (true) {
            while (start < end && buf[start] == '$') {
                if (end - start < 4) {
                    break;
                }
                int len = ((buf[start + 2] & 0xff) << 8) | (buf[start + 3] & 0xff);
                if (end - start < 4 + len) {
                    break;
                }
                start += 4 + len; // media before PLAY's answer: the depacketizer would drop a partial picture anyway
            }
            int headerEnd = start < end && buf[start] != '$' ? indexOf(buf, start, end, "\r\n\r\n") : -1;
            if (headerEnd >= 0) {
                String head = new String(buf, start, headerEnd - start, StandardCharsets.ISO_8859_1);
                int length = contentLength(head);
                if (end - headerEnd - 4 >= length) {
                    byte[] body = java.util.Arrays.copyOfRange(buf, headerEnd + 4, headerEnd + 4 + length);
                    start = headerEnd + 4 + length;
                    Response r = parse(head, body);
                    if (r != null && (r.header("cseq").isEmpty() || r.header("cseq").equals(Integer.toString(wantedSeq)))) {
                        return r;
                    }
                    continue; // an earlier answer, or the camera's own request
                }
            }
            fill(deadlineMs, headerEnd < 0 && end - start > MAX_HEADER);
        }
    }

    private void fill(long deadlineMs, boolean tooLong) throws IOException {
        if (tooLong) {
            throw new RtspFailure(RtspFailure.Kind.STATUS, 0, "the camera's answer has no end of headers within " + MAX_HEADER + " bytes");
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (deadlineMs != Long.MAX_VALUE) {
            long left = deadlineMs - clock.getAsLong();
            if (left <= 0) {
                throw new java.net.SocketTimeoutException("no answer in time");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            throw new RtspFailure(RtspFailure.Kind.CLOSED, 0, "the camera closed the connection");
        }
        end += n;
    }

    private static Response parse(String head, byte[] body) {
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("RTSP/")) {
            return null; // a request from the camera (some send OPTIONS or ANNOUNCE): not an answer
        }
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (RuntimeException e) {
            return null;
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim()});
            }
        }
        return new Response(code, status.length > 2 ? status[2] : "", headers, body);
    }

    private static void expectOk(Response r, String method) throws RtspFailure {
        if (r.status() < 200 || r.status() >= 300) {
            throw RtspFailure.status(r.status(), r.phrase(), method);
        }
    }

    private static int interleavedChannel(String transport) {
        for (String part : transport.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("interleaved=")) {
                try {
                    return Integer.parseInt(p.substring(12).split("-")[0].trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                try {
                    return Math.max(0, Integer.parseInt(line.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static int indexOf(byte[] b, int from, int to, String s) {
        outer:
        for (int i = from; i <= to - s.length(); i++) {
            for (int j = 0; j < s.length(); j++) {
                if (b[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
