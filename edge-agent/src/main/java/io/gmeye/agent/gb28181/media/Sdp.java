package io.gmeye.agent.gb28181.media;

/**
 * The SDP of a GB/T 28181 real-time INVITE (appendix F): PS over RTP at 90 kHz, the SSRC in the
 * standard's own {@code y=} line, RTP over TCP with the agent passive. The receiver takes the SSRC
 * of the first packet, so what the device's answer says of it is not needed.
 */
public final class Sdp {
    private Sdp() {
    }

    /**
     * @param platformId the agent's SIP id (origin)
     * @param ssrc       10 digits: 0 (real time), 5 digits of the domain, a 4-digit stream number
     */
    public static String offer(String platformId, String address, int port, String transport, String ssrc) {
        boolean tcp = "tcp".equals(transport);
        StringBuilder s = new StringBuilder();
        s.append("v=0\r\n");
        s.append("o=").append(platformId).append(" 0 0 IN IP4 ").append(address).append("\r\n");
        s.append("s=Play\r\n");
        s.append("c=IN IP4 ").append(address).append("\r\n");
        s.append("t=0 0\r\n");
        s.append("m=video ").append(port).append(tcp ? " TCP/RTP/AVP" : " RTP/AVP").append(" 96 98 97\r\n");
        s.append("a=recvonly\r\n");
        s.append("a=rtpmap:96 PS/90000\r\n");
        s.append("a=rtpmap:98 H264/90000\r\n");
        s.append("a=rtpmap:97 MPEG4/90000\r\n");
        if (tcp) {
            s.append("a=setup:passive\r\n");
            s.append("a=connection:new\r\n");
        }
        s.append("y=").append(ssrc).append("\r\n");
        return s.toString();
    }
}
