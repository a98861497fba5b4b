package io.gmeye.agent.onvif;

import io.gmeye.onvif.OnvifRuntime;
import io.gmeye.onvif.device.DeviceMessages;
import io.gmeye.onvif.device.DevicePort;
import io.gmeye.onvif.media.MediaMessages;
import io.gmeye.onvif.media.MediaPort;
import io.gmeye.onvif.ptz.PtzMessages;
import io.gmeye.onvif.ptz.PtzPort;
import io.gmeye.onvif.schema.PTZSpeed;
import io.gmeye.onvif.schema.Profile;
import io.gmeye.onvif.schema.StreamSetup;
import io.gmeye.protocols.camera.PtzRequest;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPBinding;
import java.time.Clock;
import java.util.List;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/**
 * One ONVIF camera's device, media and PTZ services through Apache CXF's JAX-WS client (SOAP 1.2),
 * every request signed with a UsernameToken digest. Calls block for at most the request timeout.
 */
final class OnvifClient {
    private final String username;
    private final String password;
    private final long timeoutMs;
    private final Clock clock;
    private final DevicePort device;
    private MediaPort media;
    private PtzPort ptz;

    OnvifClient(String deviceXAddr, String username, String password, long timeoutMs, Clock clock) {
        OnvifRuntime.init();
        this.username = username;
        this.password = password;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
        this.device = port(DevicePort.class, deviceXAddr);
    }

    /** Asks the device where its media and PTZ services are; returns what it says of itself. */
    DeviceMessages.GetDeviceInformationResponse connect() {
        DeviceMessages.GetCapabilities ask = new DeviceMessages.GetCapabilities();
        ask.category.add("All");
        var caps = call(() -> device.getCapabilities(ask)).capabilities;
        if (caps == null || caps.media == null || caps.media.xAddr == null) {
            throw new OnvifException("the camera names no media service in its capabilities");
        }
        media = port(MediaPort.class, caps.media.xAddr);
        ptz = caps.ptz == null || caps.ptz.xAddr == null ? null : port(PtzPort.class, caps.ptz.xAddr);
        return call(() -> device.getDeviceInformation(new DeviceMessages.GetDeviceInformation()));
    }

    boolean hasPtz() {
        return ptz != null;
    }

    List<Profile> profiles() {
        return call(() -> media.getProfiles(new MediaMessages.GetProfiles())).profiles;
    }

    /** The RTSP address of a profile (RTP over RTSP, what FFmpeg opens). */
    String streamUri(String profileToken) {
        MediaMessages.GetStreamUri ask = new MediaMessages.GetStreamUri();
        ask.profileToken = profileToken;
        ask.streamSetup = StreamSetup.rtpUnicast("RTSP");
        var uri = call(() -> media.getStreamUri(ask)).mediaUri;
        if (uri == null || uri.uri == null) {
            throw new OnvifException("the camera gave no stream URI for profile " + profileToken);
        }
        return uri.uri;
    }

    void ptz(String profileToken, PtzRequest r) {
        if (ptz == null) {
            throw new OnvifException("the camera has no PTZ service");
        }
        switch (r.action()) {
            case PtzRequest.MOVE -> {
                PtzMessages.ContinuousMove m = new PtzMessages.ContinuousMove();
                m.profileToken = profileToken;
                m.velocity = PTZSpeed.of(r.pan(), r.tilt(), r.zoom());
                call(() -> ptz.continuousMove(m));
            }
            case PtzRequest.STOP -> {
                PtzMessages.Stop s = new PtzMessages.Stop();
                s.profileToken = profileToken;
                s.panTilt = true;
                s.zoom = true;
                call(() -> ptz.stop(s));
            }
            case PtzRequest.GOTO_PRESET -> {
                PtzMessages.GotoPreset g = new PtzMessages.GotoPreset();
                g.profileToken = profileToken;
                g.presetToken = Integer.toString(r.preset());
                call(() -> ptz.gotoPreset(g));
            }
            default -> {
                PtzMessages.SetPreset s = new PtzMessages.SetPreset();
                s.profileToken = profileToken;
                s.presetToken = Integer.toString(r.preset());
                call(() -> ptz.setPreset(s));
            }
        }
    }

    /** The transport's own words: an HTTP status (400/401: the credentials), a refused connection, a timeout. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.cxf.transport.http.HTTPException h) {
                int code = h.getResponseCode();
                return "the camera answered HTTP " + code + (code == 400 || code == 401 ? " (Not Authorized: wrong username or password?)" : "");
            }
            if (t.getCause() == null) {
                return t.getMessage() == null ? t.toString() : t.getMessage();
            }
        }
        return e.toString();
    }

    private <T> T port(Class<T> type, String address) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(type);
        f.setAddress(address);
        f.setBindingId(SOAPBinding.SOAP12HTTP_BINDING);
        f.getOutInterceptors().add(new UsernameTokenHeader(username, password, clock));
        T port = type.cast(f.create());
        HTTPConduit http = (HTTPConduit) ClientProxy.getClient(port).getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(timeoutMs);
        policy.setReceiveTimeout(timeoutMs);
        policy.setAllowChunking(false); // cameras' small HTTP servers often do not take chunked requests
        http.setClient(policy);
        return port;
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (jakarta.xml.ws.soap.SOAPFaultException e) {
            throw new OnvifException("the camera answered with a fault: " + e.getMessage());
        } catch (WebServiceException e) {
            throw new OnvifException(reason(e));
        }
    }
}
