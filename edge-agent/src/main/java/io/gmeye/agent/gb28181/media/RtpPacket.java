package io.gmeye.agent.gb28181.media;

/**
 * The fixed RTP header (RFC 3550) of one packet, and where its payload lies in the buffer.
 * CSRCs, header extension and padding are stepped over.
 */
record RtpPacket(int sequence, long timestamp, long ssrc, int payloadType, boolean marker, int payloadOffset, int payloadLength) {

    /** Parses a packet in {@code buf[off, off+len)}; null if it is not RTP version 2 (or is RTCP) or is cut short. */
    static RtpPacket parse(byte[] buf, int off, int len) {
        if (len < 12 || (buf[off] & 0xC0) != 0x80) {
            return null;
        }
        int second = buf[off + 1] & 0xFF;
        if (second >= 192 && second <= 223) {
            return null; // RTCP on the same port (RFC 5761): sender reports are not stream data
        }
        boolean padding = (buf[off] & 0x20) != 0;
        boolean extension = (buf[off] & 0x10) != 0;
        int csrcs = buf[off] & 0x0F;
        boolean marker = (buf[off + 1] & 0x80) != 0;
        int pt = buf[off + 1] & 0x7F;
        int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        long ts = u32(buf, off + 4);
        long ssrc = u32(buf, off + 8);
        int header = 12 + 4 * csrcs;
        if (extension) {
            if (len < header + 4) {
                return null;
            }
            int words = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
            header += 4 + 4 * words;
        }
        int payload = len - header;
        if (padding && payload > 0) {
            payload -= buf[off + len - 1] & 0xFF;
        }
        if (payload < 0) {
            return null;
        }
        return new RtpPacket(seq, ts, ssrc, pt, marker, off + header, payload);
    }

    private static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }
}
