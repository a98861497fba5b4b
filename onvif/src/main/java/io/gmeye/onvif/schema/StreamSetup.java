package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** tt:StreamSetup: RTP-Unicast over a transport (RTSP: RTP interleaved in the RTSP connection). */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "StreamSetup", propOrder = {"stream", "transport"})
public class StreamSetup {
    @XmlElement(name = "Stream", required = true)
    public String stream;
    @XmlElement(name = "Transport", required = true)
    public Transport transport;

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Transport")
    public static class Transport {
        /** UDP, TCP, RTSP or HTTP. */
        @XmlElement(name = "Protocol", required = true)
        public String protocol;
    }

    public static StreamSetup rtpUnicast(String protocol) {
        StreamSetup s = new StreamSetup();
        s.stream = "RTP-Unicast";
        s.transport = new Transport();
        s.transport.protocol = protocol;
        return s;
    }
}
