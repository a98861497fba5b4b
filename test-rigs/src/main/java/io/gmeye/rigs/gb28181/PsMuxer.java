package io.gmeye.rigs.gb28181;

import java.io.ByteArrayOutputStream;

/**
 * An MPEG-2 program stream muxer for one video stream, as GB/T 28181 devices write it: a pack
 * header before every frame, the system header and the program stream map (which tells the
 * receiver H.264 from H.265) before every keyframe, and the frame in PES packets of at most
 * {@value #MAX_PES_PAYLOAD} bytes with the PTS on the first. FFmpeg's own PS muxer writes no
 * stream map, which is why this rig has its own.
 */
public final class PsMuxer {
    static final int MAX_PES_PAYLOAD = 65_000;
    private static final int STREAM_ID = 0xE0;
    private static final int MUX_RATE = 6_106; // units of 50 bytes/s
    private final int streamType;

    /** @param hevc stream type 0x24 (H.265) instead of 0x1B (H.264) in the stream map */
    public PsMuxer(boolean hevc) {
        this.streamType = hevc ? 0x24 : 0x1B;
    }

    /** One frame as PS bytes, stamped with {@code pts} in 90 kHz units. */
    public byte[] frame(byte[] es, boolean key, long pts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(es.length + 128);
        packHeader(out, pts);
        if (key) {
            systemHeader(out);
            streamMap(out);
        }
        for (int off = 0; off < es.length; off += MAX_PES_PAYLOAD) {
            int len = Math.min(MAX_PES_PAYLOAD, es.length - off);
            pes(out, es, off, len, off == 0 ? pts : -1);
        }
        return out.toByteArray();
    }

    private static void packHeader(ByteArrayOutputStream o, long scr) {
        o.write(0x00);
        o.write(0x00);
        o.write(0x01);
        o.write(0xBA);
        o.write((int) (0x44 | ((scr >> 27) & 0x38) | ((scr >> 28) & 0x03)));
        o.write((int) ((scr >> 20) & 0xFF));
        o.write((int) (0x04 | ((scr >> 12) & 0xF8) | ((scr >> 13) & 0x03)));
        o.write((int) ((scr >> 5) & 0xFF));
        o.write((int) (0x04 | ((scr << 3) & 0xF8))); // SCR extension 0
        o.write(0x01);
        o.write((MUX_RATE >> 14) & 0xFF);
        o.write((MUX_RATE >> 6) & 0xFF);
        o.write(((MUX_RATE << 2) & 0xFC) | 0x03);
        o.write(0xF8); // no stuffing
    }

    private static void systemHeader(ByteArrayOutputStream o) {
        int[] h = {
            0x00, 0x00, 0x01, 0xBB,
            0x00, 0x09,                                       // header length: 6 + 3 per stream
            0x80 | ((MUX_RATE >> 15) & 0x7F), (MUX_RATE >> 7) & 0xFF, ((MUX_RATE << 1) & 0xFE) | 0x01,
            0x04,                                             // audio bound 1, not fixed, not CSPS
            0xE1,                                             // audio and video locked, video bound 1
            0xFF,                                             // no packet rate restriction
            STREAM_ID, 0xE0 | 0x20 | 0x04, 0x00               // P-STD buffer: scale 1024 bytes, 1024 units
        };
        for (int b : h) {
            o.write(b);
        }
    }

    private void streamMap(ByteArrayOutputStream o) {
        int[] m = {
            0x00, 0x00, 0x01, 0xBC,
            0x00, 0x0E,             // 14 bytes follow
            0xE0,                   // current, version 0
            0xFF,
            0x00, 0x00,             // no program stream info
            0x00, 0x04,             // one elementary stream entry
            streamType, STREAM_ID, 0x00, 0x00
        };
        byte[] b = new byte[m.length];
        for (int i = 0; i < m.length; i++) {
            b[i] = (byte) m[i];
        }
        o.write(b, 0, b.length);
        long crc = crc32Mpeg(b);
        o.write((int) (crc >> 24) & 0xFF);
        o.write((int) (crc >> 16) & 0xFF);
        o.write((int) (crc >> 8) & 0xFF);
        o.write((int) crc & 0xFF);
    }

    private static void pes(ByteArrayOutputStream o, byte[] es, int off, int len, long pts) {
        int headerData = pts >= 0 ? 5 : 0;
        int packetLength = 3 + headerData + len;
        o.write(0x00);
        o.write(0x00);
        o.write(0x01);
        o.write(STREAM_ID);
        o.write((packetLength >> 8) & 0xFF);
        o.write(packetLength & 0xFF);
        o.write(pts >= 0 ? 0x84 : 0x80); // data alignment on a frame's first packet
        o.write(pts >= 0 ? 0x80 : 0x00); // PTS only
        o.write(headerData);
        if (pts >= 0) {
            o.write((int) (0x21 | ((pts >> 29) & 0x0E)));
            o.write((int) ((pts >> 22) & 0xFF));
            o.write((int) (0x01 | ((pts >> 14) & 0xFE)));
            o.write((int) ((pts >> 7) & 0xFF));
            o.write((int) (0x01 | ((pts << 1) & 0xFE)));
        }
        o.write(es, off, len);
    }

    /** CRC-32/MPEG-2 (polynomial 0x04C11DB7, not reflected), as MPEG system headers carry. */
    static long crc32Mpeg(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte d : data) {
            crc ^= (d & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc & 0xFFFFFFFFL;
    }
}
