package io.gmeye.onvif.ptz;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.jws.soap.SOAPBinding;

/** The ONVIF PTZ service (ver20/ptz.wsdl), the operations gmeye calls. */
@WebService(targetNamespace = PtzPort.NS, name = "PTZ")
@SOAPBinding(parameterStyle = SOAPBinding.ParameterStyle.BARE)
public interface PtzPort {
    String NS = "http://www.onvif.org/ver20/ptz/wsdl";

    @WebMethod(operationName = "ContinuousMove", action = NS + "/ContinuousMove")
    @WebResult(name = "ContinuousMoveResponse", targetNamespace = NS, partName = "parameters")
    PtzMessages.ContinuousMoveResponse continuousMove(
            @WebParam(name = "ContinuousMove", targetNamespace = NS, partName = "parameters") PtzMessages.ContinuousMove request);

    @WebMethod(operationName = "Stop", action = NS + "/Stop")
    @WebResult(name = "StopResponse", targetNamespace = NS, partName = "parameters")
    PtzMessages.StopResponse stop(@WebParam(name = "Stop", targetNamespace = NS, partName = "parameters") PtzMessages.Stop request);

    @WebMethod(operationName = "GotoPreset", action = NS + "/GotoPreset")
    @WebResult(name = "GotoPresetResponse", targetNamespace = NS, partName = "parameters")
    PtzMessages.GotoPresetResponse gotoPreset(
            @WebParam(name = "GotoPreset", targetNamespace = NS, partName = "parameters") PtzMessages.GotoPreset request);

    @WebMethod(operationName = "SetPreset", action = NS + "/SetPreset")
    @WebResult(name = "SetPresetResponse", targetNamespace = NS, partName = "parameters")
    PtzMessages.SetPresetResponse setPreset(
            @WebParam(name = "SetPreset", targetNamespace = NS, partName = "parameters") PtzMessages.SetPreset request);
}
