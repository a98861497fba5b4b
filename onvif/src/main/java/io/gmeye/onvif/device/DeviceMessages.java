package io.gmeye.onvif.device;

import io.gmeye.onvif.schema.Capabilities;
import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;

/** The device service's requests and responses gmeye uses (tds). */
public final class DeviceMessages {
    private DeviceMessages() {
    }

    @XmlRootElement(name = "GetDeviceInformation")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "")
    public static class GetDeviceInformation {
    }

    @XmlRootElement(name = "GetDeviceInformationResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"manufacturer", "model", "firmwareVersion", "serialNumber", "hardwareId"})
    public static class GetDeviceInformationResponse {
        @XmlElement(name = "Manufacturer", required = true)
        public String manufacturer;
        @XmlElement(name = "Model", required = true)
        public String model;
        @XmlElement(name = "FirmwareVersion", required = true)
        public String firmwareVersion;
        @XmlElement(name = "SerialNumber", required = true)
        public String serialNumber;
        @XmlElement(name = "HardwareId", required = true)
        public String hardwareId;
    }

    @XmlRootElement(name = "GetCapabilities")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"category"})
    public static class GetCapabilities {
        /** All, Media, PTZ... */
        @XmlElement(name = "Category")
        public List<String> category = new ArrayList<>();
    }

    @XmlRootElement(name = "GetCapabilitiesResponse")
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "", propOrder = {"capabilities"})
    public static class GetCapabilitiesResponse {
        @XmlElement(name = "Capabilities", required = true)
        public Capabilities capabilities;
    }
}
