package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "MediaUri", propOrder = {"uri", "invalidAfterConnect", "invalidAfterReboot", "timeout"})
public class MediaUri {
    @XmlElement(name = "Uri", required = true)
    public String uri;
    @XmlElement(name = "InvalidAfterConnect")
    public boolean invalidAfterConnect;
    @XmlElement(name = "InvalidAfterReboot")
    public boolean invalidAfterReboot;
    /** xs:duration, PT0S for "valid forever". */
    @XmlElement(name = "Timeout", required = true)
    public String timeout;
}
