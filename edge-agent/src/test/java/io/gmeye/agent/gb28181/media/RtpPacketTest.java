package io.gmeye.agent.gb28181.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpPacketTest {
    @Test
    void readsTheHeaderAndStepsOverCsrcsExtensionAndPadding() {
        byte[] p = {
            (byte) 0xB1, (byte) 0xE0, 0x12, 0x34, 0, 0, 0x23, 0x28, 0x01, 0x02, 0x03, 0x04, // V2 P X CC=1, M, PT 96, seq 0x1234
            0, 0, 0, 9,                                                                         // one CSRC
            0x10, 0x00, 0x00, 0x01, 0, 0, 0, 0,                                                 // extension of one word
            'p', 's', 0, 0, 3                                                                   // payload "ps", 3 bytes of padding
        };
        RtpPacket r = RtpPacket.parse(p, 0, p.length);
        assertThat(r.sequence()).isEqualTo(0x1234);
        assertThat(r.timestamp()).isEqualTo(9000);
        assertThat(r.ssrc()).isEqualTo(0x01020304L);
        assertThat(r.marker()).isTrue();
        assertThat(r.payloadType()).isEqualTo(96);
        assertThat(new String(p, r.payloadOffset(), r.payloadLength())).isEqualTo("ps");
    }

    @Test
    void rtcpAndShortOrOtherVersionPacketsAreNotStreamData() {
        byte[] senderReport = {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(RtpPacket.parse(senderReport, 0, senderReport.length)).isNull();
        assertThat(RtpPacket.parse(new byte[8], 0, 8)).isNull();
        byte[] v1 = new byte[12];
        v1[0] = 0x40;
        assertThat(RtpPacket.parse(v1, 0, 12)).isNull();
    }
}
