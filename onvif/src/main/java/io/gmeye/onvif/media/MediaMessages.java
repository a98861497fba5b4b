package io.gmeye.onvif.media;

import io.gmeye.onvif.schema.MediaUri;
import io.gmeye.onvif.schema.Profile;
import io.gmeye.onvif.schema.StreamSetup;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;

/** The media service's requests and responses gmeye uses (trt). */
public final class MediaMessages {
    private MediaMessages() {
    }

    @XmlRootElement(name = "GetProfiles")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "")
    public static class GetProfiles {
    }

    @XmlRootElement(name = "GetProfilesResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"profiles"})
    public static class GetProfilesResponse {
        @XmlElement(name = "Profiles")
        public List<Profile> profiles = new ArrayList<>();
    }

    @XmlRootElement(name = "GetStreamUri")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"streamSetup", "profileToken"})
    public static class GetStreamUri {
        @XmlElement(name = "StreamSetup", required = true)
        public StreamSetup streamSetup;
        @XmlElement(name = "ProfileToken", required = true)
        public String profileToken;
    }

    @XmlRootElement(name = "GetStreamUriResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"mediaUri"})
    public static class GetStreamUriResponse {
        @XmlElement(name = "MediaUri", required = true)
        public MediaUri mediaUri;
    }
}
