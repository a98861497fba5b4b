package io.gmeye.rigs.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Simulated RTSP cameras that cost little: each clip is packed into RTP once ({@link RtpFrames}),
 * and a frame is served by copying its packets and writing a few header fields. One thread answers
 * RTSP (OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN; RTP over the RTSP connection,
 * interleaved) and one paces every session's frames. So a thousand cameras fit beside the agent
 * they test, where GStreamer's server ({@link RtspCameraServer}) costs more than the agent. H.264
 * and H.265, with or without B-frames.
 *
 * <p>Each session is its own camera encoder: it starts at a keyframe when it starts playing (as
 * IP cameras send an IDR to a new session), or, with {@link Builder#joinMidStream()}, at the
 * frame the mount is at (as a shared media server does). A session that cannot keep up loses
 * frames until the next keyframe. Faults: {@link #pause} (session up, nothing sent), {@link #drop}
 * (the camera closes its connections), {@link #close}, and {@link Builder#losing} (a mount that
 * leaves out every Nth RTP packet, its sequence number spent, as a camera whose encoder queue
 * overflows or a proxy that drops does over TCP).
 */
public final class PreparedRtspServer implements AutoCloseable {
    private static final long MAX_PENDING_BYTES = 2L << 20;

    private final Map<String, Mount> mounts;
    private final boolean midStream;
    private final String address;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread io;
    private final Thread pacer;
    private final ConcurrentLinkedQueue<Session> starting = new ConcurrentLinkedQueue<>();
    private final long startedAt = System.nanoTime();
    private volatile boolean closed;

    /** One camera: its frames and what its sessions have done. */
    private static final class Mount {
        final String name;
        final RtpFrames frames;
        final int loseEvery;
        volatile boolean paused;
        volatile long lastPlayAt;
        volatile Session newest;
        final List<Conn> conns = new ArrayList<>();

        Mount(String name, RtpFrames frames, int loseEvery) {
            this.name = name;
            this.frames = frames;
            this.loseEvery = loseEvery;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mounts are named without the leading slash: "cam1" serves rtsp://127.0.0.1:PORT/cam1. */
    public static final class Builder {
        private final Map<String, Clip> mounts = new LinkedHashMap<>();
        private final Map<String, Integer> losing = new HashMap<>();
        private String address = "127.0.0.1";
        private int port;
        private boolean midStream;

        public Builder mount(String name, Clip clip) {
            mounts.put(RtspCameraServer.checkMountName(name), clip);
            return this;
        }

        /** The mount's sessions leave out every {@code nth} RTP packet (its sequence number spent: lost on the wire). */
        public Builder losing(String mount, int nth) {
            if (nth < 2) {
                throw new IllegalArgumentException("losing every " + nth + "th packet leaves no picture whole: give 2 or more");
            }
            losing.put(mount, nth);
            return this;
        }

        public Builder address(String listenOn) {
            this.address = listenOn;
            return this;
        }

        public Builder port(int fixed) {
            this.port = fixed;
            return this;
        }

        /** New sessions join the mount's stream where it is, usually between keyframes. */
        public Builder joinMidStream() {
            this.midStream = true;
            return this;
        }

        public PreparedRtspServer start() {
            if (mounts.isEmpty()) {
                throw new IllegalArgumentException("an RTSP server needs at least one mount");
            }
            Map<Clip, RtpFrames> packed = new HashMap<>();
            Map<String, Mount> m = new LinkedHashMap<>();
            if (!mounts.keySet().containsAll(losing.keySet())) {
                throw new IllegalArgumentException("losing packets of a mount not served: " + losing.keySet());
            }
            mounts.forEach((name, clip) -> m.put(name, new Mount(name,
                    packed.computeIfAbsent(clip, c -> RtpFrames.pack(AccessUnits.read(c))), losing.getOrDefault(name, 0))));
            try {
                return new PreparedRtspServer(m, midStream, address, port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the prepared RTSP server on " + address + ":" + port, e);
            }
        }
    }

    private PreparedRtspServer(Map<String, Mount> mounts, boolean midStream, String address, int port) throws IOException {
        this.mounts = mounts;
        this.midStream = midStream;
        this.address = address;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(address, port), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        io = new Thread(this::serve, "rtsp-prepared-io");
        io.setDaemon(true);
        pacer = new Thread(this::pace, "rtsp-prepared-pacer");
        pacer.setDaemon(true);
        io.start();
        pacer.start();
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    public String url(String mount) {
        return "rtsp://" + ("0.0.0.0".equals(address) ? "127.0.0.1" : address) + ":" + port() + "/" + mount;
    }

    /** The mount stops sending frames; sessions stay up (a stalled camera). */
    public void pause(String mount) {
        mount(mount).paused = true;
    }

    /** Frames flow again, from the next keyframe. */
    public void resume(String mount) {
        mount(mount).paused = false;
    }

    /** The camera closes every connection to this mount (a reboot, a network cut at its side). */
    public void drop(String mount) {
        Mount m = mount(mount);
        List<Conn> open;
        synchronized (m.conns) {
            open = List.copyOf(m.conns);
        }
        open.forEach(Conn::close);
    }

    /** The clip frame (0-based, looping) the mount's newest session is showing now. */
    public int frameOnScreen(String mount) {
        Session s = mount(mount).newest;
        if (s == null || s.position == 0) {
            return -1;
        }
        return (int) ((s.startFrame + s.position - 1) % mount(mount).frames.frames().size());
    }

    /** Frames in the mount's clip (its counter loops after this many). */
    public int clipFrames(String mount) {
        return mount(mount).frames.frames().size();
    }

    /** Wall-clock time (epoch millis) of the last PLAY on the mount, 0 when none. */
    public long lastPlayAt(String mount) {
        return mount(mount).lastPlayAt;
    }

    /** Sessions now playing on the mount. */
    public int sessions(String mount) {
        Mount m = mount(mount);
        synchronized (m.conns) {
            return (int) m.conns.stream().filter(c -> c.session != null && c.session.playing).count();
        }
    }

    private Mount mount(String name) {
        Mount m = mounts.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no mount " + name);
        }
        return m;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        LockSupport.unpark(pacer);
        try {
            io.join(5_000);
            pacer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- RTSP: one thread reads requests and answers them ----

    /** One client connection: its request buffer, its output, and the session it set up. */
    private final class Conn {
        final SocketChannel channel;
        final Out out;
        ByteBuffer in = ByteBuffer.allocate(4096);
        Mount mount;
        Session session;
        volatile boolean open = true;

        Conn(SocketChannel channel) {
            this.channel = channel;
            this.out = new Out(channel);
        }

        void close() {
            if (!open) {
                return;
            }
            open = false;
            if (mount != null) {
                synchronized (mount.conns) {
                    mount.conns.remove(this);
                }
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
            selector.wakeup();
        }
    }

    private void serve() {
        try {
            while (!closed) {
                selector.select(500);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        read((Conn) key.attachment(), key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("prepared RTSP server stopped: " + e);
            }
        } finally {
            for (SelectionKey k : selector.keys()) {
                if (k.attachment() instanceof Conn c) {
                    c.close();
                }
            }
            try {
                listener.close();
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.socket().setTcpNoDelay(true);
            Conn c = new Conn(ch);
            ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(Conn c, SelectionKey key) {
        try {
            if (!c.in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
                c.in.flip();
                bigger.put(c.in);
                c.in = bigger;
            }
            int n = c.channel.read(c.in);
            if (n < 0) {
                key.cancel();
                c.close();
                return;
            }
            c.in.flip();
            while (handleOne(c)) {
                // one request or interleaved packet at a time
            }
            c.in.compact();
            if (!c.open) {
                key.cancel();
            }
        } catch (IOException | RuntimeException e) {
            key.cancel();
            c.close();
        }
    }

    /** Consumes one complete request or interleaved packet from the buffer; false when more bytes are needed. */
    private boolean handleOne(Conn c) throws IOException {
        ByteBuffer b = c.in;
        if (!b.hasRemaining() || !c.open) {
            return false;
        }
        if (b.get(b.position()) == '$') { // RTCP from the client: receiver reports, not needed
            if (b.remaining() < 4) {
                return false;
            }
            int len = ((b.get(b.position() + 2) & 0xff) << 8) | (b.get(b.position() + 3) & 0xff);
            if (b.remaining() < 4 + len) {
                return false;
            }
            b.position(b.position() + 4 + len);
            return true;
        }
        int end = headerEnd(b);
        if (end < 0) {
            return false;
        }
        String head = new String(b.array(), b.position(), end - b.position(), StandardCharsets.ISO_8859_1);
        Map<String, String> headers = new HashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        int bodyLength = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (b.limit() - (end + 4) < bodyLength) {
            return false;
        }
        b.position(end + 4 + bodyLength);
        String[] request = lines[0].split(" ");
        respond(c, request.length > 1 ? request[0] : "", request.length > 1 ? request[1] : "", headers);
        return true;
    }

    private static int headerEnd(ByteBuffer b) {
        for (int i = b.position(); i + 3 < b.limit(); i++) {
            if (b.get(i) == '\r' && b.get(i + 1) == '\n' && b.get(i + 2) == '\r' && b.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void respond(Conn c, String method, String url, Map<String, String> headers) throws IOException {
        String cseq = headers.getOrDefault("cseq", "0");
        Mount m = mounts.get(mountOf(url));
        switch (method) {
            case "OPTIONS" -> reply(c, cseq, "200 OK", "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n", null);
            case "DESCRIBE" -> {
                if (m == null) {
                    reply(c, cseq, "404 Not Found", "", null);
                    return;
                }
                String base = url.endsWith("/") ? url : url + "/";
                reply(c, cseq, "200 OK", "Content-Base: " + base + "\r\nContent-Type: application/sdp\r\n", m.frames.sdp(address));
            }
            case "SETUP" -> setup(c, m, cseq, headers.getOrDefault("transport", ""));
            case "PLAY" -> play(c, cseq, url);
            case "GET_PARAMETER" -> reply(c, cseq, "200 OK", session(c), null);
            case "TEARDOWN" -> {
                reply(c, cseq, "200 OK", session(c), null);
                c.close();
            }
            default -> reply(c, cseq, "405 Method Not Allowed", "Allow: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n", null);
        }
    }

    private void setup(Conn c, Mount m, String cseq, String transport) throws IOException {
        if (m == null) {
            reply(c, cseq, "404 Not Found", "", null);
            return;
        }
        if (!transport.contains("RTP/AVP/TCP")) {
            reply(c, cseq, "461 Unsupported Transport", "", null); // RTP over the RTSP connection only
            return;
        }
        int channel = 0;
        int at = transport.indexOf("interleaved=");
        if (at >= 0) {
            String v = transport.substring(at + "interleaved=".length()).split("[-;]")[0];
            channel = Integer.parseInt(v.trim());
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        c.mount = m;
        c.session = new Session(c, m, Long.toHexString(r.nextLong() & Long.MAX_VALUE), channel, r.nextInt(), r.nextInt(1 << 16),
                r.nextInt() & 0x7fffffffL);
        synchronized (m.conns) {
            m.conns.add(c);
        }
        reply(c, cseq, "200 OK", "Transport: RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1) + "\r\n"
                + "Session: " + c.session.id + ";timeout=60\r\n", null);
    }

    private void play(Conn c, String cseq, String url) throws IOException {
        Session s = c.session;
        if (s == null) {
            reply(c, cseq, "455 Method Not Valid in This State", "", null);
            return;
        }
        if (!s.playing) {
            s.start(midStream ? (System.nanoTime() - startedAt) * s.mount.frames.fps() / 1_000_000_000L : -1);
        }
        String base = url.endsWith("/") ? url : url + "/";
        reply(c, cseq, "200 OK", session(c) + "Range: npt=now-\r\nRTP-Info: url=" + base + "stream=0;seq=" + (s.seq & 0xffff)
                + ";rtptime=" + s.timestamp() + "\r\n", null);
        s.mount.lastPlayAt = System.currentTimeMillis();
        s.mount.newest = s;
        s.playing = true;
        starting.add(s);
        LockSupport.unpark(pacer);
    }

    private static String session(Conn c) {
        return c.session == null ? "" : "Session: " + c.session.id + ";timeout=60\r\n";
    }

    private static void reply(Conn c, String cseq, String status, String headers, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = "RTSP/1.0 " + status + "\r\nCSeq: " + cseq + "\r\nServer: gmeye-prepared-rtsp\r\n" + headers
                + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer all = ByteBuffer.allocate(h.length + content.length).put(h).put(content);
        all.flip();
        c.out.send(all, false);
    }

    /** rtsp://host:port/cam1/stream=0 names the mount cam1. */
    private static String mountOf(String url) {
        int scheme = url.indexOf("://");
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        if (slash < 0) {
            return "";
        }
        String path = url.substring(slash + 1);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int next = path.indexOf('/');
        return next < 0 ? path : path.substring(0, next);
    }

    // ---- media: one thread paces every session ----

    /** One playing client: where it is in the clip and its RTP numbering. */
    private final class Session {
        final Conn conn;
        final Mount mount;
        final String id;
        final int channel;
        final int ssrc;
        final long timestampBase;
        final long periodNanos;
        int seq;
        long rtpSent;
        volatile long position;
        long startFrame;
        long due;
        boolean needKey;
        volatile boolean playing;
        byte[] scratch = new byte[64 << 10];

        Session(Conn conn, Mount mount, String id, int channel, int ssrc, int seq, long timestampBase) {
            this.conn = conn;
            this.mount = mount;
            this.id = id;
            this.channel = channel;
            this.ssrc = ssrc;
            this.seq = seq;
            this.timestampBase = timestampBase;
            this.periodNanos = 1_000_000_000L / mount.frames.fps();
        }

        /** Begins at the mount's frame {@code at}, or (-1) at the clip's first keyframe, like a camera's IDR for a new session. */
        void start(long at) {
            int n = mount.frames.frames().size();
            startFrame = at < 0 ? 0 : at % n; // mid-stream: P-frames first, decodable from the next keyframe
            due = System.nanoTime();
        }

        /** RTP time of the frame about to be sent: when it is shown (a B-frame's comes before the frame sent ahead of it). */
        long timestamp() {
            List<RtpFrames.Frame> frames = mount.frames.frames();
            long at = startFrame + position;
            long shown = at - at % frames.size() + frames.get((int) (at % frames.size())).display();
            return (timestampBase + shown * RtpFrames.CLOCK_RATE / mount.frames.fps()) & 0xffffffffL;
        }

        /** Sends the next frame, or skips it (paused; catching up to a keyframe after a loss). */
        void next() {
            List<RtpFrames.Frame> frames = mount.frames.frames();
            RtpFrames.Frame f = frames.get((int) ((startFrame + position) % frames.size()));
            long ts = timestamp();
            position++;
            if (mount.paused) {
                needKey = true;
                return;
            }
            if (needKey && !f.key()) {
                return;
            }
            needKey = false;
            if (scratch.length < f.bytes().length) {
                scratch = new byte[f.bytes().length * 2];
            }
            byte[] src = f.bytes();
            byte[] b = scratch;
            int w = 0;
            int[] headers = f.headers();
            for (int i = 0; i < headers.length; i++) {
                int h = headers[i];
                int end = i + 1 < headers.length ? headers[i + 1] : src.length;
                int s = seq++;
                if (mount.loseEvery > 0 && ++rtpSent % mount.loseEvery == 0) {
                    continue; // lost on the wire: its sequence number is spent
                }
                System.arraycopy(src, h, b, w, end - h);
                b[w + 1] = (byte) channel;
                b[w + 6] = (byte) (s >> 8);
                b[w + 7] = (byte) s;
                b[w + 8] = (byte) (ts >> 24);
                b[w + 9] = (byte) (ts >> 16);
                b[w + 10] = (byte) (ts >> 8);
                b[w + 11] = (byte) ts;
                b[w + 12] = (byte) (ssrc >> 24);
                b[w + 13] = (byte) (ssrc >> 16);
                b[w + 14] = (byte) (ssrc >> 8);
                b[w + 15] = (byte) ssrc;
                w += end - h;
            }
            try {
                if (!conn.out.send(ByteBuffer.wrap(b, 0, w), true)) {
                    needKey = true; // the client is behind: it gets pictures again from the next keyframe
                }
            } catch (IOException e) {
                conn.close();
            }
        }
    }

    private void pace() {
        PriorityQueue<Session> queue = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
        while (!closed) {
            Session s;
            while ((s = starting.poll()) != null) {
                queue.add(s);
            }
            long now = System.nanoTime();
            while (!queue.isEmpty() && queue.peek().due <= now) {
                s = queue.poll();
                if (!s.conn.open) {
                    continue;
                }
                s.next();
                s.due += s.periodNanos;
                if (now - s.due > TimeUnit.SECONDS.toNanos(1)) {
                    s.due = now + s.periodNanos; // after a long stall go on from now, no burst of old frames
                }
                queue.add(s);
            }
            long wait = queue.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(100) : queue.peek().due - System.nanoTime();
            if (wait > 0) {
                // at least a millisecond: sessions due within it go out together, not one wake-up each
                LockSupport.parkNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        }
    }

    /**
     * What goes out on one connection, in order: answers and media from two threads. Whatever the
     * socket does not take at once waits here; media is refused beyond a bound (the client is
     * behind) where answers never are.
     */
    private static final class Out {
        private final SocketChannel channel;
        private final java.util.ArrayDeque<ByteBuffer> pending = new java.util.ArrayDeque<>();
        private long pendingBytes;

        Out(SocketChannel channel) {
            this.channel = channel;
        }

        /** False when droppable bytes were refused. {@code b} may be reused by the caller after the call. */
        synchronized boolean send(ByteBuffer b, boolean droppable) throws IOException {
            flush();
            if (!pending.isEmpty()) {
                if (droppable && pendingBytes > MAX_PENDING_BYTES) {
                    return false;
                }
                keep(b);
                return true;
            }
            channel.write(b);
            if (b.hasRemaining()) {
                keep(b);
            }
            return true;
        }

        private void keep(ByteBuffer b) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining()).put(b);
            copy.flip();
            pending.add(copy);
            pendingBytes += copy.remaining();
        }

        private void flush() throws IOException {
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                int n = channel.write(head);
                pendingBytes -= n;
                if (head.hasRemaining()) {
                    return;
                }
                pending.poll();
            }
        }
    }
}
