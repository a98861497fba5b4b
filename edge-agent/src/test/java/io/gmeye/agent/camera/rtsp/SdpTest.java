package io.gmeye.agent.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Session descriptions as IP cameras write them (the rigs' own are read in
 * {@link RtpDepacketizerTest}): absolute and relative control URLs, audio before video, a
 * non-video session, parameter sets for H.264 and H.265.
 */
class SdpTest {
    @Test
    void takesTheVideoTrackAfterAnAudioOneWithItsAbsoluteControlUrl() {
        String sdp = String.join("\r\n",
                "v=0", "o=- 1 1 IN IP4 10.0.0.5", "s=Media Presentation", "c=IN IP4 0.0.0.0", "t=0 0",
                "a=control:rtsp://10.0.0.5:554/Streaming/Channels/101/?transportmode=unicast",
                "m=audio 0 RTP/AVP 0", "a=rtpmap:0 PCMU/8000",
                "a=control:rtsp://10.0.0.5:554/Streaming/Channels/101/trackID=2?transportmode=unicast",
                "m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=framerate:25.000",
                "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z01AKOygPAET8uAiAAADAAIAAAMAZB4wYyw=,aOvjyyA=",
                "a=control:rtsp://10.0.0.5:554/Streaming/Channels/101/trackID=1?transportmode=unicast", "");
        Sdp.VideoTrack t = Sdp.video(sdp, "rtsp://10.0.0.5:554/Streaming/Channels/101");
        assertThat(t.payloadType()).isEqualTo(96);
        assertThat(t.encoding()).isEqualTo("H264");
        assertThat(t.clockRate()).isEqualTo(90_000);
        assertThat(t.fps()).isEqualTo(25.0);
        assertThat(t.control()).isEqualTo("rtsp://10.0.0.5:554/Streaming/Channels/101/trackID=1?transportmode=unicast");
        assertThat(t.parameterSets()).hasSize(2);
        assertThat(t.parameterSets().get(0)[0] & 0x1f).isEqualTo(7);
        assertThat(t.parameterSets().get(1)[0] & 0x1f).isEqualTo(8);
        assertThat(SpsSize.of(t.parameterSets().get(0), false)).containsExactly(1920, 1080);
    }

    @Test
    void resolvesARelativeControlAgainstTheContentBaseAndReadsH265ParameterSets() {
        // parameter sets of real encodes: x264 1920x1080 (cropped from 1088) and x265 2560x1440
        String sdp = String.join("\n",
                "v=0", "s=Session streamed by camera", "t=0 0", "a=control:*",
                "m=video 0 RTP/AVP 98", "a=rtpmap:98 H265/90000",
                "a=fmtp:98 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwCWlZgJ; sprop-sps=QgEBAWAAAAMAkAAAAwAAAwCWoAFAIAWhZZWaSTK8BaAgAAADACAAAAMCgQ=="
                        + "; sprop-pps=RAHBcrRiQA==",
                "a=control:trackID=0", "m=application 0 RTP/AVP 107", "a=rtpmap:107 vnd.onvif.metadata/90000", "");
        Sdp.VideoTrack t = Sdp.video(sdp, "rtsp://cam.local/cam/realmonitor?channel=1&subtype=0/");
        assertThat(t.encoding()).isEqualTo("H265");
        assertThat(t.control()).isEqualTo("rtsp://cam.local/cam/realmonitor?channel=1&subtype=0/trackID=0");
        assertThat(t.parameterSets()).hasSize(3);
        assertThat((t.parameterSets().get(1)[0] >> 1) & 0x3f).isEqualTo(33);
        assertThat(SpsSize.of(t.parameterSets().get(1), true)).containsExactly(2560, 1440);
    }

    @Test
    void aSessionWithoutVideoHasNoVideoTrack() {
        String sdp = "v=0\r\ns=audio only\r\nm=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=control:track1\r\n";
        assertThat(Sdp.video(sdp, "rtsp://h/x")).isNull();
    }
}
