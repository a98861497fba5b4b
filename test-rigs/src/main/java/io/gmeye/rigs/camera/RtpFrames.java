package io.gmeye.rigs.camera;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A clip packed once into RTP over RTSP's interleaved TCP framing (RFC 2326 10.12; H.264 as RFC
 * 6184 single NAL units and FU-A fragments, H.265 as RFC 7798 single units and FUs), so serving a
 * frame costs a copy and a few header fields per packet, not parsing or packetizing: the rig is
 * then not what limits a benchmark of many cameras.
 */
final class RtpFrames {
    static final int PAYLOAD_TYPE = 96;
    static final int CLOCK_RATE = 90_000;
    private static final int MAX_PAYLOAD = 1_400;

    /**
     * One frame as interleaved RTP packets; {@code headers} are the offsets of each packet's "$"
     * (the channel follows it, the RTP header 4 bytes later), where a session writes its channel,
     * sequence number, timestamp and SSRC.
     */
    record Frame(byte[] bytes, int[] headers, boolean key, int display) {
    }

    private final List<Frame> frames;
    private final String fmtp;
    private final String encoding;
    private final int fps;

    private RtpFrames(List<Frame> frames, String fmtp, String encoding, int fps) {
        this.frames = frames;
        this.fmtp = fmtp;
        this.encoding = encoding;
        this.fps = fps;
    }

    static RtpFrames pack(AccessUnits clip) {
        boolean hevc = clip.clip().codec().equals("hevc");
        List<Frame> frames = new ArrayList<>();
        for (AccessUnits.Unit u : clip.units()) {
            frames.add(frame(u, hevc));
        }
        Base64.Encoder b64 = Base64.getEncoder();
        List<byte[]> ps = clip.parameterSets();
        String fmtp;
        if (hevc) {
            fmtp = "sprop-vps=" + b64.encodeToString(ps.get(0)) + ";sprop-sps=" + b64.encodeToString(ps.get(1))
                    + ";sprop-pps=" + b64.encodeToString(ps.get(2));
        } else {
            byte[] sps = ps.get(0);
            fmtp = String.format("packetization-mode=1;profile-level-id=%02X%02X%02X;sprop-parameter-sets=%s", sps[1], sps[2], sps[3],
                    ps.stream().map(b64::encodeToString).collect(Collectors.joining(",")));
        }
        return new RtpFrames(List.copyOf(frames), fmtp, hevc ? "H265" : "H264", clip.clip().fps());
    }

    List<Frame> frames() {
        return frames;
    }

    int fps() {
        return fps;
    }

    /** The session description of one video stream with this clip's parameters. */
    String sdp(String address) {
        return "v=0\r\n"
                + "o=- 0 0 IN IP4 " + address + "\r\n"
                + "s=gmeye prepared camera\r\n"
                + "c=IN IP4 0.0.0.0\r\n"
                + "t=0 0\r\n"
                + "a=control:*\r\n"
                + "m=video 0 RTP/AVP " + PAYLOAD_TYPE + "\r\n"
                + "a=rtpmap:" + PAYLOAD_TYPE + " " + encoding + "/" + CLOCK_RATE + "\r\n"
                + "a=fmtp:" + PAYLOAD_TYPE + " " + fmtp + "\r\n"
                + "a=framerate:" + fps + "\r\n"
                + "a=control:stream=0\r\n";
    }

    private static Frame frame(AccessUnits.Unit u, boolean hevc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> headers = new ArrayList<>();
        for (int n = 0; n < u.nals().size(); n++) {
            byte[] nal = u.nals().get(n);
            boolean lastNal = n == u.nals().size() - 1;
            int header = hevc ? 2 : 1;
            if (nal.length <= MAX_PAYLOAD) {
                packet(out, headers, lastNal, nal, 0, nal.length, null);
                continue;
            }
            int type = hevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f;
            for (int at = header; at < nal.length; at += MAX_PAYLOAD) {
                int len = Math.min(MAX_PAYLOAD, nal.length - at);
                boolean first = at == header;
                boolean last = at + len == nal.length;
                int fu = (first ? 0x80 : 0) | (last ? 0x40 : 0) | type;
                byte[] prefix = hevc
                        ? new byte[] {(byte) ((nal[0] & 0x81) | (49 << 1)), nal[1], (byte) fu}
                        : new byte[] {(byte) ((nal[0] & 0xe0) | 28), (byte) fu};
                packet(out, headers, lastNal && last, nal, at, len, prefix);
            }
        }
        return new Frame(out.toByteArray(), headers.stream().mapToInt(Integer::intValue).toArray(), u.key(), u.display());
    }

    private static void packet(ByteArrayOutputStream out, List<Integer> headers, boolean marker, byte[] nal, int from, int len,
                               byte[] prefix) {
        int size = 12 + (prefix == null ? 0 : prefix.length) + len;
        headers.add(out.size());
        out.write('$');
        out.write(0); // channel: set per session
        out.write(size >> 8);
        out.write(size);
        out.write(0x80); // RTP version 2
        out.write((marker ? 0x80 : 0) | PAYLOAD_TYPE);
        out.write(new byte[10], 0, 10); // sequence number, timestamp, SSRC: set per session
        if (prefix != null) {
            out.write(prefix, 0, prefix.length);
        }
        out.write(nal, from, len);
    }
}
