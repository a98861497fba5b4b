package io.gmeye.agent.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.rigs.camera.AccessUnits;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.PreparedRtspServer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The depacketizers and the SDP reading on packets captured from the prepared RTSP rig, which
 * packs the clips as cameras do (H.264: single NAL units and FU-A; H.265: single units and FUs),
 * compared with the clips' own bytes.
 */
class RtpDepacketizerTest {
    private static Clip h264;
    private static Clip hevc;
    private static PreparedRtspServer rig;
    private static Capture h264Capture;
    private static Capture hevcCapture;

    /** What a session sent: the SDP's video track and its RTP packets, in order. */
    record Capture(Sdp.VideoTrack track, String sdp, List<byte[]> packets) {
    }

    /** One access unit as the depacketizer handed it out. */
    record Unit(byte[] data, long ts, boolean key) {
    }

    @BeforeAll
    static void capture() throws IOException {
        Clips clips = Clips.inTempDir();
        h264 = clips.counted("h264", 320, 240, 10, 20, 2, 30);
        hevc = clips.counted("hevc", 320, 240, 10, 20, 2, 30);
        rig = PreparedRtspServer.builder().mount("h264", h264).mount("hevc", hevc).start();
        h264Capture = capture(rig.url("h264"), 45);
        hevcCapture = capture(rig.url("hevc"), 45);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /** Reads a session until {@code pictures} marker bits went by. */
    static Capture capture(String url, int pictures) throws IOException {
        try (RtspClient c = RtspClient.open(url, System.currentTimeMillis() + 10_000, System::currentTimeMillis, x -> { })) {
            List<byte[]> packets = new ArrayList<>();
            int[] markers = {0};
            while (markers[0] < pictures) {
                c.read((buf, off, len) -> {
                    packets.add(Arrays.copyOfRange(buf, off, off + len));
                    if ((buf[off + 1] & 0x80) != 0) {
                        markers[0]++;
                    }
                });
            }
            return new Capture(c.track(), c.sdp(), packets);
        }
    }

    static List<Unit> depacketize(Capture capture, boolean isHevc, List<byte[]> packets) {
        RtpDepacketizer d = new RtpDepacketizer(isHevc, capture.track().payloadType());
        List<Unit> units = new ArrayList<>();
        for (byte[] p : packets) {
            d.packet(p, 0, p.length, (data, len, ts, key) -> units.add(new Unit(Arrays.copyOf(data, len), ts, key)));
        }
        return units;
    }

    @Test
    void putsTheH264RigsPacketsBackIntoTheClipsPicturesWithKeyframesAtItsIdrs() throws IOException {
        assertSameAsClip(h264Capture, h264, false);
    }

    @Test
    void putsTheH265RigsPacketsBackIntoTheClipsPicturesWithKeyframesAtItsIraps() throws IOException {
        assertSameAsClip(hevcCapture, hevc, true);
    }

    private static void assertSameAsClip(Capture capture, Clip clip, boolean isHevc) throws IOException {
        assertThat(capture.track().encoding()).isEqualTo(isHevc ? "H265" : "H264");
        assertThat(capture.track().clockRate()).isEqualTo(90_000);
        List<Unit> units = depacketize(capture, isHevc, capture.packets());
        assertThat(units).hasSizeGreaterThanOrEqualTo(44);
        // each session starts at a keyframe, and keyframes come every GOP
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).key()) {
                keys.add(i);
            }
        }
        assertThat(keys).startsWith(0, clip.gop(), 2 * clip.gop());
        // the pictures' slices are the clip's, byte for byte and in its order
        List<byte[]> sent = new ArrayList<>();
        units.forEach(u -> sent.addAll(slices(u.data(), isHevc)));
        List<byte[]> file = slices(Files.readAllBytes(clip.file()), isHevc);
        int at = indexOf(file, sent.get(0));
        assertThat(at).as("the first slice sent is one of the clip's").isNotNegative();
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i)).as("slice " + i).isEqualTo(file.get((at + i) % file.size()));
        }
        // one timestamp per picture, 9000 ticks (0.1 s) apart in presentation order (the last few may
        // still wait for B-frames shown before them, which come later in decode order)
        long[] ts = units.stream().mapToLong(Unit::ts).sorted().toArray();
        for (int i = 1; i < ts.length - clip.bframes(); i++) {
            assertThat(ts[i] - ts[i - 1]).isEqualTo(9_000);
        }
    }

    @Test
    void aLostPacketDropsThePictureItDamagedAndTheNextOnesComeWhole() {
        List<Unit> whole = depacketize(h264Capture, false, h264Capture.packets());
        // the keyframe is fragmented (FU-A): lose a packet from its middle
        int second = 1;
        byte[] first = h264Capture.packets().get(0);
        long firstTs = ts(first);
        while (ts(h264Capture.packets().get(second)) == firstTs) {
            second++;
        }
        assertThat(second).as("the keyframe spans several packets").isGreaterThan(2);
        List<byte[]> lossy = new ArrayList<>(h264Capture.packets());
        lossy.remove(second / 2);
        List<Unit> units = depacketize(h264Capture, false, lossy);
        assertThat(units).hasSize(whole.size() - 1);
        assertThat(units.get(0).ts()).isEqualTo(whole.get(1).ts());
        for (int i = 0; i < units.size(); i++) {
            assertThat(units.get(i).data()).isEqualTo(whole.get(i + 1).data());
        }
        assertThat(dropped(h264Capture, lossy)).as("pictures thrown away, for the camera's health").isEqualTo(1);
        assertThat(dropped(h264Capture, h264Capture.packets())).isZero();
    }

    @Test
    void everyPictureALossDamagesIsCountedOnceHoweverManyOfItsPacketsWentMissing() {
        List<byte[]> packets = h264Capture.packets();
        List<Unit> whole = depacketize(h264Capture, false, packets);
        // lose every fifth packet: a picture of several packets may lose more than one, and is counted once
        List<byte[]> lossy = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            if (i % 5 != 4) {
                lossy.add(packets.get(i));
            }
        }
        List<Unit> units = depacketize(h264Capture, false, lossy);
        long dropped = dropped(h264Capture, lossy);
        assertThat(dropped).isPositive();
        // a picture lost whole leaves no trace but the gap, which the next picture pays for: thrown away, counted
        assertThat(units.size() + dropped).isLessThanOrEqualTo(whole.size()).isGreaterThan(whole.size() - packets.size() / 5);
    }

    private static long dropped(Capture capture, List<byte[]> packets) {
        RtpDepacketizer d = new RtpDepacketizer(false, capture.track().payloadType());
        for (byte[] p : packets) {
            d.packet(p, 0, p.length, (data, len, ts, key) -> { });
        }
        return d.dropped();
    }

    @Test
    void aggregationPacketsCarryParameterSetsInBandAsCamerasSendThem() {
        byte[][] sets264 = parameterSets(h264Capture.track());
        byte[] stapA = aggregate((byte) 24, new byte[0], sets264);
        RtpDepacketizer d = new RtpDepacketizer(false, 96);
        List<Unit> units = new ArrayList<>();
        d.packet(rtp(stapA, 1, 1000, true), 0, 12 + stapA.length, (data, len, ts, key) -> units.add(new Unit(Arrays.copyOf(data, len), ts, key)));
        assertThat(units).hasSize(1);
        assertThat(AccessUnits.nals(units.get(0).data())).containsExactly(sets264);
        assertThat(d.inBandParameterSets()).isDeepEqualTo(sets264);

        byte[][] sets265 = parameterSets(hevcCapture.track());
        byte[] ap = aggregate((byte) (48 << 1), new byte[] {1}, sets265);
        RtpDepacketizer h = new RtpDepacketizer(true, 96);
        h.packet(rtp(ap, 1, 1000, true), 0, 12 + ap.length, (data, len, ts, key) -> { });
        assertThat(h.inBandParameterSets()).isDeepEqualTo(sets265);
    }

    @Test
    void readsThePictureSizeFromTheParameterSetsTheSdpCarries() {
        assertThat(sizeFrom(h264Capture.track(), false)).containsExactly(320, 240);
        assertThat(sizeFrom(hevcCapture.track(), true)).containsExactly(320, 240);
        assertThat(h264Capture.track().control()).isEqualTo(rig.url("h264") + "/stream=0");
        assertThat(h264Capture.sdp()).contains("sprop-parameter-sets=");
        assertThat(hevcCapture.sdp()).contains("sprop-sps=");
    }

    private static int[] sizeFrom(Sdp.VideoTrack track, boolean isHevc) {
        for (byte[] nal : track.parameterSets()) {
            int[] wh = SpsSize.of(nal, isHevc);
            if (wh != null && (isHevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f) == (isHevc ? 33 : 7)) {
                return wh;
            }
        }
        return null;
    }

    private static byte[][] parameterSets(Sdp.VideoTrack track) {
        return track.parameterSets().toArray(new byte[0][]);
    }

    private static byte[] aggregate(byte type, byte[] headerRest, byte[][] nals) {
        var out = new java.io.ByteArrayOutputStream();
        out.write(type);
        out.writeBytes(headerRest);
        for (byte[] n : nals) {
            out.write(n.length >> 8);
            out.write(n.length & 0xff);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    private static byte[] rtp(byte[] payload, int seq, long ts, boolean marker) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | 96);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private static long ts(byte[] rtp) {
        return ((long) (rtp[4] & 0xff) << 24) | ((rtp[5] & 0xff) << 16) | ((rtp[6] & 0xff) << 8) | (rtp[7] & 0xff);
    }

    private static int indexOf(List<byte[]> list, byte[] item) {
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    /** The slices (coded picture data) of an Annex B stream, without start codes. */
    static List<byte[]> slices(byte[] annexB, boolean isHevc) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] nal : AccessUnits.nals(annexB)) {
            int type = isHevc ? (nal[0] >> 1) & 0x3f : nal[0] & 0x1f;
            if (isHevc ? type < 32 : type >= 1 && type <= 5) {
                out.add(nal);
            }
        }
        return out;
    }
}
