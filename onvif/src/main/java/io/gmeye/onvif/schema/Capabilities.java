package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** tt:Capabilities: where a device's media and PTZ services answer (their XAddr). */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "Capabilities", propOrder = {"media", "ptz"})
public class Capabilities {
    @XmlElement(name = "Media")
    public Service media;
    @XmlElement(name = "PTZ")
    public Service ptz;

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "ServiceCapabilities")
    public static class Service {
        @XmlElement(name = "XAddr", required = true)
        public String xAddr;
    }
}
