package io.gmeye.onvif.media;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.jws.soap.SOAPBinding;

/** The ONVIF media service (media.wsdl), the operations gmeye calls. */
@WebService(targetNamespace = MediaPort.NS, name = "Media")
@SOAPBinding(parameterStyle = SOAPBinding.ParameterStyle.BARE)
public interface MediaPort {
    String NS = "http://www.onvif.org/ver10/media/wsdl";

    @WebMethod(operationName = "GetProfiles", action = NS + "/GetProfiles")
    @WebResult(name = "GetProfilesResponse", targetNamespace = NS, partName = "parameters")
    MediaMessages.GetProfilesResponse getProfiles(
            @WebParam(name = "GetProfiles", targetNamespace = NS, partName = "parameters") MediaMessages.GetProfiles request);

    @WebMethod(operationName = "GetStreamUri", action = NS + "/GetStreamUri")
    @WebResult(name = "GetStreamUriResponse", targetNamespace = NS, partName = "parameters")
    MediaMessages.GetStreamUriResponse getStreamUri(
            @WebParam(name = "GetStreamUri", targetNamespace = NS, partName = "parameters") MediaMessages.GetStreamUri request);
}
