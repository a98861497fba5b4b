package io.gmeye.onvif.discovery;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.UUID;

/**
 * WS-Discovery messages as ONVIF devices exchange them: a Probe for network video transmitters
 * and the ProbeMatches that answer it, each a whole SOAP 1.2 envelope in one UDP datagram.
 */
public final class Discovery {
    public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static final String D = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    public static final String DN = "http://www.onvif.org/ver10/network/wsdl";
    public static final String PROBE = D + "/Probe";
    public static final String PROBE_MATCHES = D + "/ProbeMatches";
    /** The well-known discovery endpoint: multicast group and port. */
    public static final String MULTICAST_GROUP = "239.255.255.250";
    public static final int PORT = 3702;
    public static final String TO_DISCOVERY = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    public static final String VIDEO_TRANSMITTER = "dn:NetworkVideoTransmitter";

    private static final JAXBContext CONTEXT = context();

    private Discovery() {
    }

    public static Envelope probe() {
        Envelope e = new Envelope();
        e.header.messageId = "uuid:" + UUID.randomUUID();
        e.header.to = TO_DISCOVERY;
        e.header.action = PROBE;
        e.body.probe = new Envelope.Probe();
        e.body.probe.types = VIDEO_TRANSMITTER;
        return e;
    }

    public static byte[] write(Envelope e) {
        try {
            Marshaller m = CONTEXT.createMarshaller();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.marshal(e, out);
            return out.toByteArray();
        } catch (JAXBException ex) {
            throw new IllegalStateException("WS-Discovery message not writable: " + ex.getMessage(), ex);
        }
    }

    /** Reads a datagram; fails with the reason when it is not a SOAP envelope. */
    public static Envelope read(byte[] data, int length) {
        try {
            Object o = CONTEXT.createUnmarshaller().unmarshal(new ByteArrayInputStream(data, 0, length));
            if (o instanceof Envelope e) {
                return e;
            }
            throw new IllegalArgumentException("not a SOAP 1.2 envelope");
        } catch (JAXBException ex) {
            throw new IllegalArgumentException("not a WS-Discovery message: " + ex.getMessage(), ex);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(Envelope.class);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }
}
