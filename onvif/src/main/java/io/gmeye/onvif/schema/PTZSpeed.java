package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/** tt:PTZSpeed: velocities in the generic spaces, -1..1 (pan + right, tilt + up, zoom + in). */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "PTZSpeed", propOrder = {"panTilt", "zoom"})
public class PTZSpeed {
    @XmlElement(name = "PanTilt")
    public Vector2D panTilt;
    @XmlElement(name = "Zoom")
    public Vector1D zoom;

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Vector2D")
    public static class Vector2D {
        @XmlAttribute(name = "x", required = true)
        public float x;
        @XmlAttribute(name = "y", required = true)
        public float y;
        @XmlAttribute(name = "space")
        public String space;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Vector1D")
    public static class Vector1D {
        @XmlAttribute(name = "x", required = true)
        public float x;
        @XmlAttribute(name = "space")
        public String space;
    }

    public static PTZSpeed of(double pan, double tilt, double zoom) {
        PTZSpeed s = new PTZSpeed();
        if (pan != 0 || tilt != 0) {
            s.panTilt = new Vector2D();
            s.panTilt.x = (float) pan;
            s.panTilt.y = (float) tilt;
        }
        if (zoom != 0) {
            s.zoom = new Vector1D();
            s.zoom.x = (float) zoom;
        }
        return s;
    }
}
