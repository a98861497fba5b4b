package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** tt:VideoEncoderConfiguration: the fields of it gmeye reads (encoding and resolution). */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "VideoEncoderConfiguration", propOrder = {"name", "useCount", "encoding", "resolution", "quality"})
public class VideoEncoderConfiguration {
    @XmlElement(name = "Name", required = true)
    public String name;
    @XmlElement(name = "UseCount")
    public int useCount;
    /** JPEG, MPEG4 or H264 (Media 1); H.265 cameras say so in Media 2 or with a vendor value. */
    @XmlElement(name = "Encoding", required = true)
    public String encoding;
    @XmlElement(name = "Resolution", required = true)
    public VideoResolution resolution;
    @XmlElement(name = "Quality")
    public float quality;
    @XmlAttribute(name = "token", required = true)
    public String token;
}
