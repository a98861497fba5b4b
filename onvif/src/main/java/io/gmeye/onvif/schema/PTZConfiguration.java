package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** tt:PTZConfiguration: present in a profile whose camera can pan, tilt or zoom. */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "PTZConfiguration", propOrder = {"name", "useCount", "nodeToken"})
public class PTZConfiguration {
    @XmlElement(name = "Name", required = true)
    public String name;
    @XmlElement(name = "UseCount")
    public int useCount;
    @XmlElement(name = "NodeToken", required = true)
    public String nodeToken;
    @XmlAttribute(name = "token", required = true)
    public String token;
}
