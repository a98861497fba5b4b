package io.gmeye.onvif.ptz;

import io.gmeye.onvif.schema.PTZSpeed;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/** The PTZ service's requests and responses gmeye uses (tptz). */
public final class PtzMessages {
    private PtzMessages() {
    }

    @XmlRootElement(name = "ContinuousMove")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"profileToken", "velocity", "timeout"})
    public static class ContinuousMove {
        @XmlElement(name = "ProfileToken", required = true)
        public String profileToken;
        @XmlElement(name = "Velocity", required = true)
        public PTZSpeed velocity;
        /** xs:duration after which the camera stops by itself (PT10S). */
        @XmlElement(name = "Timeout")
        public String timeout;
    }

    @XmlRootElement(name = "ContinuousMoveResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "")
    public static class ContinuousMoveResponse {
    }

    @XmlRootElement(name = "Stop")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"profileToken", "panTilt", "zoom"})
    public static class Stop {
        @XmlElement(name = "ProfileToken", required = true)
        public String profileToken;
        @XmlElement(name = "PanTilt")
        public Boolean panTilt;
        @XmlElement(name = "Zoom")
        public Boolean zoom;
    }

    @XmlRootElement(name = "StopResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "")
    public static class StopResponse {
    }

    @XmlRootElement(name = "GotoPreset")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"profileToken", "presetToken", "speed"})
    public static class GotoPreset {
        @XmlElement(name = "ProfileToken", required = true)
        public String profileToken;
        @XmlElement(name = "PresetToken", required = true)
        public String presetToken;
        @XmlElement(name = "Speed")
        public PTZSpeed speed;
    }

    @XmlRootElement(name = "GotoPresetResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "")
    public static class GotoPresetResponse {
    }

    @XmlRootElement(name = "SetPreset")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"profileToken", "presetName", "presetToken"})
    public static class SetPreset {
        @XmlElement(name = "ProfileToken", required = true)
        public String profileToken;
        @XmlElement(name = "PresetName")
        public String presetName;
        @XmlElement(name = "PresetToken")
        public String presetToken;
    }

    @XmlRootElement(name = "SetPresetResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"presetToken"})
    public static class SetPresetResponse {
        @XmlElement(name = "PresetToken", required = true)
        public String presetToken;
    }
}
