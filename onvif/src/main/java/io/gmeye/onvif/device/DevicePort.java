package io.gmeye.onvif.device;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.jws.soap.SOAPBinding;

/** The ONVIF device service (devicemgmt.wsdl), the operations gmeye calls. */
@WebService(targetNamespace = DevicePort.NS, name = "Device")
@SOAPBinding(parameterStyle = SOAPBinding.ParameterStyle.BARE)
public interface DevicePort {
    String NS = "http://www.onvif.org/ver10/device/wsdl";

    @WebMethod(operationName = "GetDeviceInformation", action = NS + "/GetDeviceInformation")
    @WebResult(name = "GetDeviceInformationResponse", targetNamespace = NS, partName = "parameters")
    DeviceMessages.GetDeviceInformationResponse getDeviceInformation(
            @WebParam(name = "GetDeviceInformation", targetNamespace = NS, partName = "parameters") DeviceMessages.GetDeviceInformation request);

    @WebMethod(operationName = "GetCapabilities", action = NS + "/GetCapabilities")
    @WebResult(name = "GetCapabilitiesResponse", targetNamespace = NS, partName = "parameters")
    DeviceMessages.GetCapabilitiesResponse getCapabilities(
            @WebParam(name = "GetCapabilities", targetNamespace = NS, partName = "parameters") DeviceMessages.GetCapabilities request);
}
