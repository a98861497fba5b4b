package io.gmeye.rigs.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that can misbehave the way city uplinks do: pass, delay every chunk,
 * drop (refuse new connections, close old ones), black-hole (accept, then forward nothing and
 * answer nothing), and reset (RST every open connection). It also counts and can keep the bytes
 * that went through, so a test can check what left a site.
 */
public final class FaultProxy implements AutoCloseable {
    public enum Mode { PASS, DELAY, DROP, BLACKHOLE }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final Thread acceptor;
    private final java.io.ByteArrayOutputStream capture = new java.io.ByteArrayOutputStream();
    private volatile boolean capturing;
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMs;
    private volatile boolean running = true;

    public FaultProxy(int targetPort) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    public FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void pass() {
        mode = Mode.PASS;
    }

    /** Every chunk waits this long before it is forwarded. */
    public void delay(long ms) {
        delayMs = ms;
        mode = Mode.DELAY;
    }

    /** Closes every open connection and refuses new ones until {@link #pass()}. */
    public void drop() {
        mode = Mode.DROP;
        closeAll(false);
    }

    /** Connections stay open but nothing goes through: the uplink only notices by its own timeouts. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Sends a TCP RST on every open connection; new connections are accepted as the mode says. */
    public void reset() {
        closeAll(true);
    }

    public Mode mode() {
        return mode;
    }

    public long upstreamBytes() {
        return upstreamBytes.get();
    }

    public long downstreamBytes() {
        return downstreamBytes.get();
    }

    /** Keeps a copy of every byte sent from client to target, for checking what left a site. */
    public void capture(boolean on) {
        capturing = on;
    }

    public byte[] captured() {
        synchronized (capture) {
            return capture.toByteArray();
        }
    }

    public int openConnections() {
        return open.size() / 2;
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = server.accept();
                if (mode == Mode.DROP) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 2000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, upstreamBytes, true);
                pump(upstream, client, downstreamBytes, false);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, boolean clientToTarget) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (mode == Mode.BLACKHOLE && running && !from.isClosed()) {
                        Thread.sleep(20); // hold the bytes: neither side hears anything
                    }
                    if (mode == Mode.DELAY && delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    counter.addAndGet(n);
                    if (clientToTarget && capturing) {
                        synchronized (capture) {
                            capture.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended, one way or another
            } finally {
                quietClose(from, false);
                quietClose(to, false);
                open.remove(from);
                open.remove(to);
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeAll(boolean rst) {
        for (Socket s : open) {
            quietClose(s, rst);
        }
        open.clear();
    }

    private static void quietClose(Socket s, boolean rst) {
        try {
            if (rst) {
                s.setSoLinger(true, 0); // close with RST, as a middlebox resetting the flow would
            }
            s.close();
        } catch (SocketException ignored) {
            // already closed
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        closeAll(false);
    }
}
