package io.gmeye.agent.camera.rtsp;

import java.util.Arrays;

/**
 * Puts a camera's H.264 (RFC 6184: single NAL units, STAP-A, FU-A) or H.265 (RFC 7798: single,
 * aggregation, fragmentation units) RTP packets back into access units in Annex B form (each NAL
 * unit after a 00 00 00 01 start code), as decoders and muxers take them. An access unit ends at
 * the marker bit, or when the timestamp changes (a camera that leaves the marker out). A gap in
 * the sequence numbers drops the access unit it damaged, not the stream. The newest parameter
 * sets seen in band are kept for cameras whose SDP carries none.
 */
public final class RtpDepacketizer {
    private static final byte[] START = {0, 0, 0, 1};

    /** Receives each whole access unit; {@code data} is reused: copy what is kept. */
    public interface Out {
        void accessUnit(byte[] data, int len, long timestamp, boolean key);
    }

    private final boolean hevc;
    private final int payloadType;
    private byte[] unit = new byte[64 * 1024];
    private int len;
    private boolean open;
    private boolean key;
    private boolean damaged;
    private boolean inFragment;
    private int lastSeq = -1;
    private long unitTs;
    private long lastTs = Long.MIN_VALUE;
    private long dropped;
    /** Newest in-band parameter sets by kind (H.264: SPS, PPS; H.265: VPS, SPS, PPS). */
    private final byte[][] inBand = new byte[3][];

    /** @param payloadType the video's RTP payload type from the SDP; packets of any other are passed over */
    public RtpDepacketizer(boolean hevc, int payloadType) {
        this.hevc = hevc;
        this.payloadType = payloadType;
    }

    /** Access units dropped because packets of them were lost. */
    public long dropped() {
        return dropped;
    }

    /** The newest parameter sets sent in band, in decoder order; null before all of them came. */
    public byte[][] inBandParameterSets() {
        if (hevc) {
            return inBand[0] != null && inBand[1] != null && inBand[2] != null ? inBand.clone() : null;
        }
        return inBand[1] != null && inBand[2] != null ? new byte[][] {inBand[1], inBand[2]} : null;
    }

    /** One RTP packet (header included). */
    public void packet(byte[] b, int off, int length, Out out) {
        if (length < 12 || (b[off] & 0xc0) != 0x80) {
            return; // not RTP version 2
        }
        int end = off + length;
        if ((b[off] & 0x20) != 0) {
            end -= b[end - 1] & 0xff; // padding
        }
        int p = off + 12 + 4 * (b[off] & 0x0f);
        if ((b[off] & 0x10) != 0 && p + 4 <= end) {
            p += 4 + 4 * (((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
        }
        if ((b[off + 1] & 0x7f) != payloadType || p >= end) {
            return;
        }
        boolean marker = (b[off + 1] & 0x80) != 0;
        int seq = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        long ts = unwrap(((long) (b[off + 4] & 0xff) << 24) | ((b[off + 5] & 0xff) << 16) | ((b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff));
        boolean lost = lastSeq >= 0 && seq != ((lastSeq + 1) & 0xffff);
        lastSeq = seq;
        if (lost && open) {
            damaged = true; // the packets lost may be the open picture's last ones
        }
        if (open && ts != unitTs) {
            finish(out); // the camera left the marker out: a new timestamp is a new picture
        }
        if (!open) {
            open = true;
            unitTs = ts;
            len = 0;
            key = false;
            damaged = false;
            inFragment = false;
        }
        if (lost) {
            damaged = true;
        }
        if (hevc) {
            h265(b, p, end);
        } else {
            h264(b, p, end);
        }
        if (marker) {
            finish(out);
        }
    }

    private void h264(byte[] b, int p, int end) {
        int type = b[p] & 0x1f;
        if (type >= 1 && type <= 23) {
            nal(b, p, end - p, type);
        } else if (type == 24) { // STAP-A
            p++;
            while (p + 2 <= end) {
                int size = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                p += 2;
                if (size == 0 || p + size > end) {
                    damaged = true;
                    return;
                }
                nal(b, p, size, b[p] & 0x1f);
                p += size;
            }
        } else if (type == 28 && p + 2 <= end) { // FU-A
            int fu = b[p + 1] & 0xff;
            int nalType = fu & 0x1f;
            if ((fu & 0x80) != 0) {
                append(START, 0, 4);
                append(new byte[] {(byte) ((b[p] & 0xe0) | nalType)}, 0, 1);
                inFragment = true;
                key |= nalType == 5;
            } else if (!inFragment) {
                damaged = true; // its start was lost
                return;
            }
            append(b, p + 2, end - p - 2);
            if ((fu & 0x40) != 0) {
                inFragment = false;
            }
        } else {
            damaged = true; // STAP-B, MTAP, FU-B: interleaved mode, which cameras do not use over TCP
        }
    }

    private void h265(byte[] b, int p, int end) {
        if (p + 2 > end) {
            damaged = true;
            return;
        }
        int type = (b[p] >> 1) & 0x3f;
        if (type < 48) {
            nal(b, p, end - p, type);
        } else if (type == 48) { // aggregation packet (no DONL: sprop-max-don-diff is 0 for cameras)
            p += 2;
            while (p + 2 <= end) {
                int size = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
                p += 2;
                if (size < 2 || p + size > end) {
                    damaged = true;
                    return;
                }
                nal(b, p, size, (b[p] >> 1) & 0x3f);
                p += size;
            }
        } else if (type == 49 && p + 3 <= end) { // fragmentation unit
            int fu = b[p + 2] & 0xff;
            int nalType = fu & 0x3f;
            if ((fu & 0x80) != 0) {
                append(START, 0, 4);
                append(new byte[] {(byte) ((b[p] & 0x81) | (nalType << 1)), b[p + 1]}, 0, 2);
                inFragment = true;
                key |= nalType >= 16 && nalType <= 23;
            } else if (!inFragment) {
                damaged = true;
                return;
            }
            append(b, p + 3, end - p - 3);
            if ((fu & 0x40) != 0) {
                inFragment = false;
            }
        } else if (type != 50) { // PACI carries nothing a decoder needs
            damaged = true;
        }
    }

    private void nal(byte[] b, int p, int size, int type) {
        append(START, 0, 4);
        append(b, p, size);
        if (hevc) {
            key |= type >= 16 && type <= 23; // IRAP: BLA, IDR, CRA
            if (type >= 32 && type <= 34) {
                inBand[type - 32] = Arrays.copyOfRange(b, p, p + size);
            }
        } else {
            key |= type == 5;
            if (type == 7 || type == 8) {
                inBand[type - 6] = Arrays.copyOfRange(b, p, p + size);
            }
        }
    }

    private void append(byte[] b, int p, int n) {
        if (len + n > unit.length) {
            unit = Arrays.copyOf(unit, Math.max(unit.length * 2, len + n));
        }
        System.arraycopy(b, p, unit, len, n);
        len += n;
    }

    private void finish(Out out) {
        open = false;
        if (damaged || inFragment) {
            if (len > 0 || damaged) {
                dropped++;
            }
            return;
        }
        if (len > 0) {
            out.accessUnit(unit, len, unitTs, key);
        }
    }

    /** RTP timestamps are 32 bits and wrap (every 13 h at 90 kHz): continued as a long, either way. */
    private long unwrap(long ts32) {
        if (lastTs == Long.MIN_VALUE) {
            lastTs = ts32;
            return ts32;
        }
        long delta = (int) (ts32 - (lastTs & 0xffffffffL)); // signed 32-bit distance
        lastTs += delta;
        return lastTs;
    }
}
