package io.gmeye.onvif.discovery;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;

/** A SOAP 1.2 envelope carrying one WS-Discovery message. */
@XmlRootElement(name = "Envelope", namespace = Discovery.SOAP)
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "Envelope", namespace = Discovery.SOAP, propOrder = {"header", "body"})
public class Envelope {
    @XmlElement(name = "Header", namespace = Discovery.SOAP)
    public Header header = new Header();
    @XmlElement(name = "Body", namespace = Discovery.SOAP, required = true)
    public Body body = new Body();

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Header", namespace = Discovery.SOAP, propOrder = {"messageId", "relatesTo", "to", "action"})
    public static class Header {
        @XmlElement(name = "MessageID", namespace = Discovery.WSA)
        public String messageId;
        @XmlElement(name = "RelatesTo", namespace = Discovery.WSA)
        public String relatesTo;
        @XmlElement(name = "To", namespace = Discovery.WSA)
        public String to;
        @XmlElement(name = "Action", namespace = Discovery.WSA)
        public String action;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Body", namespace = Discovery.SOAP, propOrder = {"probe", "probeMatches"})
    public static class Body {
        @XmlElement(name = "Probe")
        public Probe probe;
        @XmlElement(name = "ProbeMatches")
        public ProbeMatches probeMatches;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "ProbeType", propOrder = {"types", "scopes"})
    public static class Probe {
        @XmlElement(name = "Types")
        public String types;
        @XmlElement(name = "Scopes")
        public String scopes;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "ProbeMatchesType", propOrder = {"matches"})
    public static class ProbeMatches {
        @XmlElement(name = "ProbeMatch")
        public List<ProbeMatch> matches = new ArrayList<>();
    }

    /**
     * One device answering: its endpoint (a stable urn:uuid), types, scopes (onvif://www.onvif.org/name/...)
     * and the service addresses (XAddrs, space separated).
     */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "ProbeMatchType", propOrder = {"endpointReference", "types", "scopes", "xAddrs", "metadataVersion"})
    public static class ProbeMatch {
        @XmlElement(name = "EndpointReference", namespace = Discovery.WSA, required = true)
        public EndpointReference endpointReference = new EndpointReference();
        @XmlElement(name = "Types")
        public String types;
        @XmlElement(name = "Scopes")
        public String scopes;
        @XmlElement(name = "XAddrs")
        public String xAddrs;
        @XmlElement(name = "MetadataVersion")
        public long metadataVersion;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "EndpointReferenceType", namespace = Discovery.WSA, propOrder = {"address"})
    public static class EndpointReference {
        @XmlElement(name = "Address", namespace = Discovery.WSA, required = true)
        public String address;
    }
}
