package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** tt:Profile: a media profile, named by its token; with a PTZ configuration when the camera turns. */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "Profile", propOrder = {"name", "videoEncoderConfiguration", "ptzConfiguration"})
public class Profile {
    @XmlElement(name = "Name", required = true)
    public String name;
    @XmlElement(name = "VideoEncoderConfiguration")
    public VideoEncoderConfiguration videoEncoderConfiguration;
    @XmlElement(name = "PTZConfiguration")
    public PTZConfiguration ptzConfiguration;
    @XmlAttribute(name = "token", required = true)
    public String token;
    @XmlAttribute(name = "fixed")
    public Boolean fixed;
}
