package io.gmeye.agent.gb28181.media;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * RTP over TCP with the agent passive (SDP {@code a=setup:passive}): the device connects to the
 * agent's port and sends packets framed by a 2-byte length (RFC 4571). One connection per
 * stream; the first one to connect is the device's.
 */
public final class TcpRtpInput extends RtpInput {
    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private int pendingLength = -1;
    private int pendingRead;

    private TcpRtpInput(ServerSocket server, int reorderDepth) {
        super(reorderDepth);
        this.server = server;
    }

    public static TcpRtpInput listen(String host, MediaPorts ports, int reorderDepth) throws IOException {
        ServerSocket s = ports.bind(port -> {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return ss;
        });
        s.setSoTimeout(POLL_MS);
        return new TcpRtpInput(s, reorderDepth);
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    @Override
    protected int receive(byte[] buf) throws IOException {
        try {
            if (socket == null) {
                socket = server.accept();
                socket.setSoTimeout(POLL_MS);
                socket.setReceiveBufferSize(1 << 20);
                in = new DataInputStream(socket.getInputStream());
            }
            // a timeout may fall in the middle of a frame: keep what was read and go on next time
            if (pendingLength < 0) {
                int hi = in.read();
                if (hi < 0) {
                    throw new EOFException("the device closed the RTP connection");
                }
                int lo = readByte();
                pendingLength = (hi << 8) | lo;
                pendingRead = 0;
            }
            while (pendingRead < pendingLength) {
                int n = in.read(buf, pendingRead, pendingLength - pendingRead);
                if (n < 0) {
                    throw new EOFException("the device closed the RTP connection");
                }
                pendingRead += n;
            }
            int len = pendingLength;
            pendingLength = -1;
            return len;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            if (closed) {
                return -1;
            }
            throw e;
        }
    }

    private int readByte() throws IOException {
        while (true) {
            try {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the device closed the RTP connection");
                }
                return b;
            } catch (SocketTimeoutException e) {
                if (closed) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (socket != null) {
                socket.close();
            }
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
