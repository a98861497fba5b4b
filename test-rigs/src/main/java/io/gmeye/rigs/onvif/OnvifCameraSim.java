package io.gmeye.rigs.onvif;

import io.gmeye.onvif.OnvifRuntime;
import io.gmeye.onvif.device.DeviceMessages;
import io.gmeye.onvif.device.DevicePort;
import io.gmeye.onvif.discovery.Discovery;
import io.gmeye.onvif.discovery.Envelope;
import io.gmeye.onvif.media.MediaMessages;
import io.gmeye.onvif.media.MediaPort;
import io.gmeye.onvif.ptz.PtzMessages;
import io.gmeye.onvif.ptz.PtzPort;
import io.gmeye.onvif.schema.Capabilities;
import io.gmeye.onvif.schema.MediaUri;
import io.gmeye.onvif.schema.PTZConfiguration;
import io.gmeye.onvif.schema.Profile;
import io.gmeye.onvif.schema.VideoEncoderConfiguration;
import io.gmeye.onvif.schema.VideoResolution;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONVIF camera over real SOAP (Apache CXF on Jetty) and WS-Discovery (UDP): it answers a
 * probe with its device service address, GetCapabilities, GetDeviceInformation, GetProfiles,
 * GetStreamUri (an RTSP rig's URL) and the PTZ operations, every request checked for a
 * UsernameToken digest. PTZ requests are recorded for tests.
 */
public final class OnvifCameraSim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifCameraSim.class);

    /** A PTZ request the camera received. */
    public record PtzCall(String operation, String profileToken, float pan, float tilt, float zoom, String preset) {
    }

    private final String endpoint = "urn:uuid:" + UUID.randomUUID();
    private final String host;
    private final int httpPort;
    private final String rtspUrl;
    private final boolean ptz;
    private final List<Server> servers = new ArrayList<>();
    private final List<PtzCall> calls = new CopyOnWriteArrayList<>();
    private final DatagramSocket discovery;
    private final Thread responder;

    /**
     * @param rtspUrl what GetStreamUri answers (an RTSP rig's mount)
     * @param ptz     whether the camera has a PTZ service and a PTZ configuration in its profile
     */
    public OnvifCameraSim(String host, String username, String password, String rtspUrl, boolean ptz) throws IOException {
        OnvifRuntime.init();
        this.host = host;
        this.rtspUrl = rtspUrl;
        this.ptz = ptz;
        this.httpPort = freePort(host);
        UsernameTokenCheck auth = new UsernameTokenCheck(username, password);
        publish(DevicePort.class, new DeviceImpl(), "device_service", auth);
        publish(MediaPort.class, new MediaImpl(), "media_service", auth);
        if (ptz) {
            publish(PtzPort.class, new PtzImpl(), "ptz_service", auth);
        }
        this.discovery = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0));
        this.responder = new Thread(this::answerProbes, "onvif-sim-discovery-" + discovery.getLocalPort());
        responder.setDaemon(true);
        responder.start();
    }

    private void publish(Class<?> port, Object impl, String path, UsernameTokenCheck auth) {
        JaxWsServerFactoryBean f = new JaxWsServerFactoryBean();
        f.setServiceClass(port);
        f.setServiceBean(impl);
        f.setAddress(serviceUrl(path));
        f.setBindingId(jakarta.xml.ws.soap.SOAPBinding.SOAP12HTTP_BINDING);
        f.getInInterceptors().add(auth);
        servers.add(f.create());
    }

    private String serviceUrl(String path) {
        return "http://" + host + ":" + httpPort + "/onvif/" + path;
    }

    /** The device service address, as a probe match gives it. */
    public String deviceServiceUrl() {
        return serviceUrl("device_service");
    }

    /** host:port where the camera answers WS-Discovery probes (unicast). */
    public String probeAddress() {
        return host + ":" + discovery.getLocalPort();
    }

    public String endpoint() {
        return endpoint;
    }

    public List<PtzCall> ptzCalls() {
        return List.copyOf(calls);
    }

    private void answerProbes() {
        byte[] buf = new byte[65_536];
        while (!discovery.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                discovery.receive(p);
                Envelope probe = Discovery.read(p.getData(), p.getLength());
                if (probe.body.probe == null) {
                    continue;
                }
                Envelope answer = new Envelope();
                answer.header.messageId = "uuid:" + UUID.randomUUID();
                answer.header.relatesTo = probe.header.messageId;
                answer.header.to = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
                answer.header.action = Discovery.PROBE_MATCHES;
                Envelope.ProbeMatch match = new Envelope.ProbeMatch();
                match.endpointReference.address = endpoint;
                match.types = Discovery.VIDEO_TRANSMITTER;
                match.scopes = "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/gmeye-sim"
                        + (ptz ? " onvif://www.onvif.org/type/ptz" : "");
                match.xAddrs = deviceServiceUrl();
                match.metadataVersion = 1;
                answer.body.probeMatches = new Envelope.ProbeMatches();
                answer.body.probeMatches.matches.add(match);
                byte[] out = Discovery.write(answer);
                discovery.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("ONVIF simulator: probe not answered: {}", e.getMessage());
            }
        }
    }

    private final class DeviceImpl implements DevicePort {
        @Override
        public DeviceMessages.GetDeviceInformationResponse getDeviceInformation(DeviceMessages.GetDeviceInformation request) {
            DeviceMessages.GetDeviceInformationResponse r = new DeviceMessages.GetDeviceInformationResponse();
            r.manufacturer = "gmeye-rig";
            r.model = ptz ? "PTZ-Dome-sim" : "Bullet-sim";
            r.firmwareVersion = "1.0";
            r.serialNumber = endpoint.substring(9, 17);
            r.hardwareId = "sim";
            return r;
        }

        @Override
        public DeviceMessages.GetCapabilitiesResponse getCapabilities(DeviceMessages.GetCapabilities request) {
            DeviceMessages.GetCapabilitiesResponse r = new DeviceMessages.GetCapabilitiesResponse();
            r.capabilities = new Capabilities();
            r.capabilities.media = new Capabilities.Service();
            r.capabilities.media.xAddr = serviceUrl("media_service");
            if (ptz) {
                r.capabilities.ptz = new Capabilities.Service();
                r.capabilities.ptz.xAddr = serviceUrl("ptz_service");
            }
            return r;
        }
    }

    private final class MediaImpl implements MediaPort {
        @Override
        public MediaMessages.GetProfilesResponse getProfiles(MediaMessages.GetProfiles request) {
            MediaMessages.GetProfilesResponse r = new MediaMessages.GetProfilesResponse();
            Profile main = new Profile();
            main.token = "profile_main";
            main.name = "mainStream";
            main.videoEncoderConfiguration = new VideoEncoderConfiguration();
            main.videoEncoderConfiguration.token = "venc_main";
            main.videoEncoderConfiguration.name = "main";
            main.videoEncoderConfiguration.encoding = "H264";
            main.videoEncoderConfiguration.resolution = new VideoResolution();
            main.videoEncoderConfiguration.resolution.width = 768;
            main.videoEncoderConfiguration.resolution.height = 576;
            if (ptz) {
                main.ptzConfiguration = new PTZConfiguration();
                main.ptzConfiguration.token = "ptz0";
                main.ptzConfiguration.name = "ptz";
                main.ptzConfiguration.nodeToken = "node0";
            }
            r.profiles.add(main);
            return r;
        }

        @Override
        public MediaMessages.GetStreamUriResponse getStreamUri(MediaMessages.GetStreamUri request) {
            MediaMessages.GetStreamUriResponse r = new MediaMessages.GetStreamUriResponse();
            r.mediaUri = new MediaUri();
            r.mediaUri.uri = rtspUrl;
            r.mediaUri.timeout = "PT0S";
            return r;
        }
    }

    private final class PtzImpl implements PtzPort {
        @Override
        public PtzMessages.ContinuousMoveResponse continuousMove(PtzMessages.ContinuousMove request) {
            var v = request.velocity;
            calls.add(new PtzCall("ContinuousMove", request.profileToken, v.panTilt == null ? 0 : v.panTilt.x,
                    v.panTilt == null ? 0 : v.panTilt.y, v.zoom == null ? 0 : v.zoom.x, null));
            return new PtzMessages.ContinuousMoveResponse();
        }

        @Override
        public PtzMessages.StopResponse stop(PtzMessages.Stop request) {
            calls.add(new PtzCall("Stop", request.profileToken, 0, 0, 0, null));
            return new PtzMessages.StopResponse();
        }

        @Override
        public PtzMessages.GotoPresetResponse gotoPreset(PtzMessages.GotoPreset request) {
            calls.add(new PtzCall("GotoPreset", request.profileToken, 0, 0, 0, request.presetToken));
            return new PtzMessages.GotoPresetResponse();
        }

        @Override
        public PtzMessages.SetPresetResponse setPreset(PtzMessages.SetPreset request) {
            calls.add(new PtzCall("SetPreset", request.profileToken, 0, 0, 0, request.presetToken));
            PtzMessages.SetPresetResponse r = new PtzMessages.SetPresetResponse();
            r.presetToken = request.presetToken == null ? "1" : request.presetToken;
            return r;
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        discovery.close();
        servers.forEach(Server::destroy);
    }
}
