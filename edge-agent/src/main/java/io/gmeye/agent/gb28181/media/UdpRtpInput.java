package io.gmeye.agent.gb28181.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;

/** RTP over UDP on a port of the agent's media range. */
public final class UdpRtpInput extends RtpInput {
    private final DatagramSocket socket;
    private final DatagramPacket datagram = new DatagramPacket(new byte[0], 0);

    private UdpRtpInput(DatagramSocket socket, int reorderDepth) {
        super(reorderDepth);
        this.socket = socket;
    }

    public static UdpRtpInput bind(String host, MediaPorts ports, int reorderDepth) throws IOException {
        DatagramSocket s = ports.bind(port -> {
            DatagramSocket d = new DatagramSocket(null);
            d.setReuseAddress(false);
            d.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
            return d;
        });
        s.setReceiveBufferSize(4 << 20); // a 1080p keyframe arrives as hundreds of datagrams at once
        s.setSoTimeout(POLL_MS);
        return new UdpRtpInput(s, reorderDepth);
    }

    @Override
    public int port() {
        return socket.getLocalPort();
    }

    @Override
    protected int receive(byte[] buf) throws IOException {
        datagram.setData(buf);
        try {
            socket.receive(datagram);
            return datagram.getLength();
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            if (closed) {
                return -1;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
