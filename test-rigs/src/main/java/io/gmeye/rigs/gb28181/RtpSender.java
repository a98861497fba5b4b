package io.gmeye.rigs.gb28181;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Sends PS frames as RTP (payload type 96, 90 kHz, at most {@value #MAX_PAYLOAD} bytes a packet,
 * marker on a frame's last packet) over UDP, or over TCP with the device connecting to the
 * platform and each packet framed by a 2-byte length (RFC 4571).
 */
final class RtpSender implements AutoCloseable {
    static final int MAX_PAYLOAD = 1_400;

    private final DatagramSocket udp;
    private final InetSocketAddress to;
    private final Socket tcp;
    private final OutputStream tcpOut;
    private final long ssrc;
    private int seq;
    private final byte[] packet = new byte[2 + 12 + MAX_PAYLOAD];
    /** Test hook: send each frame's packets in an order other than their sequence numbers. */
    private volatile boolean reorder;

    private RtpSender(DatagramSocket udp, Socket tcp, InetSocketAddress to, long ssrc) throws IOException {
        this.udp = udp;
        this.tcp = tcp;
        this.tcpOut = tcp == null ? null : tcp.getOutputStream();
        this.to = to;
        this.ssrc = ssrc;
        this.seq = (int) (ssrc & 0x7FFF);
    }

    static RtpSender udp(InetSocketAddress to, long ssrc) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(to.getAddress().isLoopbackAddress() ? to.getAddress() : null, 0));
        s.setSendBufferSize(1 << 20);
        return new RtpSender(s, null, to, ssrc);
    }

    static RtpSender tcp(InetSocketAddress to, long ssrc) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(to, 3_000);
        return new RtpSender(null, s, to, ssrc);
    }

    /** The local port media leaves from (for the SDP answer). */
    int localPort() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    void reorder(boolean on) {
        this.reorder = on;
    }

    void send(byte[] ps, long pts) throws IOException {
        int packets = (ps.length + MAX_PAYLOAD - 1) / MAX_PAYLOAD;
        int firstSeq = seq;
        seq = (seq + packets) & 0xFFFF;
        if (reorder && packets >= 3) {
            // the second packet goes first: what a UDP path that reorders does
            sendOne(ps, 1, packets, firstSeq, pts);
            sendOne(ps, 0, packets, firstSeq, pts);
            for (int i = 2; i < packets; i++) {
                sendOne(ps, i, packets, firstSeq, pts);
            }
            return;
        }
        for (int i = 0; i < packets; i++) {
            sendOne(ps, i, packets, firstSeq, pts);
        }
    }

    private void sendOne(byte[] ps, int index, int packets, int firstSeq, long pts) throws IOException {
        int off = index * MAX_PAYLOAD;
        int len = Math.min(MAX_PAYLOAD, ps.length - off);
        int s = (firstSeq + index) & 0xFFFF;
        int h = 2;
        packet[h] = (byte) 0x80;
        packet[h + 1] = (byte) ((index == packets - 1 ? 0x80 : 0) | 96);
        packet[h + 2] = (byte) (s >> 8);
        packet[h + 3] = (byte) s;
        packet[h + 4] = (byte) (pts >> 24);
        packet[h + 5] = (byte) (pts >> 16);
        packet[h + 6] = (byte) (pts >> 8);
        packet[h + 7] = (byte) pts;
        packet[h + 8] = (byte) (ssrc >> 24);
        packet[h + 9] = (byte) (ssrc >> 16);
        packet[h + 10] = (byte) (ssrc >> 8);
        packet[h + 11] = (byte) ssrc;
        System.arraycopy(ps, off, packet, h + 12, len);
        int rtpLength = 12 + len;
        if (udp != null) {
            udp.send(new DatagramPacket(packet, h, rtpLength, to));
        } else {
            packet[0] = (byte) (rtpLength >> 8);
            packet[1] = (byte) rtpLength;
            tcpOut.write(packet, 0, 2 + rtpLength);
        }
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
