package io.gmeye.agent.camera.rtsp;

/**
 * A picture's width and height as a sequence parameter set states them (H.264 7.3.2.1.1, H.265
 * 7.3.2.2), cropping applied: what a muxer needs before the first picture is decoded.
 */
public final class SpsSize {
    private SpsSize() {
    }

    /** {width, height}, or null when the NAL unit is not an SPS this can read. */
    public static int[] of(byte[] nal, boolean hevc) {
        try {
            return hevc ? h265(new Bits(nal, 2)) : h264(new Bits(nal, 1));
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int[] h264(Bits b) {
        int profile = b.u(8);
        b.u(16); // constraint flags, level
        b.ue(); // seq_parameter_set_id
        int chroma = 1;
        boolean separate = false;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83 || profile == 86
                || profile == 118 || profile == 128 || profile == 138 || profile == 139 || profile == 134 || profile == 135) {
            chroma = b.ue();
            if (chroma == 3) {
                separate = b.u(1) == 1;
            }
            b.ue(); // bit depth luma
            b.ue(); // bit depth chroma
            b.u(1); // qpprime_y_zero_transform_bypass
            if (b.u(1) == 1) {
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (b.u(1) == 1) {
                        skipScalingList(b, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        b.ue(); // log2_max_frame_num
        int pocType = b.ue();
        if (pocType == 0) {
            b.ue();
        } else if (pocType == 1) {
            b.u(1);
            b.se();
            b.se();
            int n = b.ue();
            for (int i = 0; i < n; i++) {
                b.se();
            }
        }
        b.ue(); // max_num_ref_frames
        b.u(1); // gaps_in_frame_num_allowed
        int widthMbs = b.ue() + 1;
        int heightMapUnits = b.ue() + 1;
        int frameMbsOnly = b.u(1);
        if (frameMbsOnly == 0) {
            b.u(1); // mb_adaptive_frame_field
        }
        b.u(1); // direct_8x8_inference
        int width = widthMbs * 16;
        int height = (2 - frameMbsOnly) * heightMapUnits * 16;
        if (b.u(1) == 1) {
            int l = b.ue();
            int r = b.ue();
            int t = b.ue();
            int bo = b.ue();
            boolean noChroma = chroma == 0 || separate;
            int unitX = noChroma || chroma == 3 ? 1 : 2;
            int unitY = (noChroma || chroma != 1 ? 1 : 2) * (2 - frameMbsOnly);
            width -= unitX * (l + r);
            height -= unitY * (t + bo);
        }
        return new int[] {width, height};
    }

    private static void skipScalingList(Bits b, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + b.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private static int[] h265(Bits b) {
        b.u(4); // sps_video_parameter_set_id
        int subLayers = b.u(3);
        b.u(1); // temporal_id_nesting
        b.u(2 + 1 + 5); // general profile space, tier, profile
        b.u(32); // compatibility flags
        b.u(24);
        b.u(24); // progressive .. 43 reserved bits + 1
        b.u(8); // general level
        boolean[] profilePresent = new boolean[subLayers];
        boolean[] levelPresent = new boolean[subLayers];
        for (int i = 0; i < subLayers; i++) {
            profilePresent[i] = b.u(1) == 1;
            levelPresent[i] = b.u(1) == 1;
        }
        if (subLayers > 0) {
            for (int i = subLayers; i < 8; i++) {
                b.u(2);
            }
        }
        for (int i = 0; i < subLayers; i++) {
            if (profilePresent[i]) {
                b.u(32);
                b.u(32);
                b.u(24);
            }
            if (levelPresent[i]) {
                b.u(8);
            }
        }
        b.ue(); // sps_seq_parameter_set_id
        int chroma = b.ue();
        if (chroma == 3) {
            b.u(1);
        }
        int width = b.ue();
        int height = b.ue();
        if (b.u(1) == 1) {
            int l = b.ue();
            int r = b.ue();
            int t = b.ue();
            int bo = b.ue();
            int subW = chroma == 1 || chroma == 2 ? 2 : 1;
            int subH = chroma == 1 ? 2 : 1;
            width -= subW * (l + r);
            height -= subH * (t + bo);
        }
        return new int[] {width, height};
    }

    /** Reads bits of a NAL unit's payload, the emulation prevention bytes (00 00 03) taken out. */
    private static final class Bits {
        private final byte[] rbsp;
        private final int length;
        private int bit;

        Bits(byte[] nal, int headerBytes) {
            rbsp = new byte[nal.length];
            int n = 0;
            int zeros = 0;
            for (int i = headerBytes; i < nal.length; i++) {
                if (zeros >= 2 && nal[i] == 3) {
                    zeros = 0;
                    continue;
                }
                zeros = nal[i] == 0 ? zeros + 1 : 0;
                rbsp[n++] = nal[i];
            }
            length = n;
        }

        int u(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                if (bit >= length * 8) {
                    throw new IndexOutOfBoundsException("past the end of the SPS");
                }
                v = (v << 1) | ((rbsp[bit >> 3] >> (7 - (bit & 7))) & 1);
                bit++;
            }
            return v;
        }

        int ue() {
            int zeros = 0;
            while (u(1) == 0) {
                if (++zeros > 31) {
                    throw new IndexOutOfBoundsException("bad Exp-Golomb code");
                }
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : u(zeros)));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
