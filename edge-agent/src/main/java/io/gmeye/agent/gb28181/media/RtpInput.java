package io.gmeye.agent.gb28181.media;

import java.io.IOException;

/**
 * The PS byte stream of one invited channel, from RTP packets received on the agent's own
 * socket: packets checked, put back in order, and their payloads handed out as one stream for
 * FFmpeg's {@code mpeg} demuxer. Read by one thread (the camera's grabbing thread).
 *
 * <p>The first packet's SSRC is the stream's; packets of another (a late sender of a previous
 * session on the same port) are dropped.
 */
public abstract class RtpInput implements AutoCloseable {
    /** How long one receive waits before the reader gets control back (to check its watchdog). */
    static final int POLL_MS = 50;

    private final RtpReorder reorder;
    private final byte[] packet = new byte[65_536];
    private byte[] chunk;
    private int chunkPos;
    private long ssrc = -1;
    protected volatile boolean closed;

    protected RtpInput(int reorderDepth) {
        this.reorder = new RtpReorder(reorderDepth);
    }

    /** The local port devices send to. */
    public abstract int port();

    /** Receives one RTP packet into {@code buf}; 0 when none came within {@link #POLL_MS}, -1 when closed. */
    protected abstract int receive(byte[] buf) throws IOException;

    /**
     * Copies stream bytes into {@code dst}, waiting at most about {@link #POLL_MS}.
     *
     * @return bytes copied, 0 when none arrived in time, -1 once closed
     */
    public int read(byte[] dst, int off, int len) throws IOException {
        if (closed) {
            return -1;
        }
        if (chunk == null || chunkPos == chunk.length) {
            chunk = next();
            chunkPos = 0;
            if (chunk == null) {
                return closed ? -1 : 0;
            }
        }
        int n = Math.min(len, chunk.length - chunkPos);
        System.arraycopy(chunk, chunkPos, dst, off, n);
        chunkPos += n;
        return n;
    }

    private byte[] next() throws IOException {
        byte[] p = reorder.poll();
        while (p == null) {
            int n = receive(packet);
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                reorder.skipGap(); // nothing more is coming soon: what is missing is lost
                return reorder.poll();
            }
            RtpPacket rtp = RtpPacket.parse(packet, 0, n);
            if (rtp == null) {
                continue;
            }
            if (ssrc < 0) {
                ssrc = rtp.ssrc();
            } else if (rtp.ssrc() != ssrc) {
                continue;
            }
            byte[] payload = new byte[rtp.payloadLength()];
            System.arraycopy(packet, rtp.payloadOffset(), payload, 0, payload.length);
            reorder.push(rtp.sequence(), payload);
            p = reorder.poll();
        }
        return p;
    }

    /** Stops receiving; a read in progress returns -1. */
    @Override
    public abstract void close();

    /** Packets given up as lost (gaps skipped). */
    public long lostPackets() {
        return reorder.lost();
    }
}
