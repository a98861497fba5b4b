package io.gmeye.rigs.gb28181;

import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AccountManager;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * GB/T 28181 devices over real SIP: one JAIN-SIP stack (UDP and TCP on one port) hosting any
 * number of simulated IPCs and NVRs. Each registers with digest authentication (JAIN-SIP's own
 * client helper), refreshes, keeps alive, answers catalog (in parts, with SumNum), device info
 * and status queries, records PTZ instructions, and answers INVITEs by streaming its clip as PS
 * over RTP, UDP or TCP as the offer asks.
 */
public final class GbSimulator implements SipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GbSimulator.class);

    /** The platform the devices register to, as a device's configuration page asks for it. */
    public record Platform(String id, String domain, String host, int port) {
    }

    private final Platform platform;
    private final String host;
    private final int port;
    private final SipStack stack;
    private final SipProvider udp;
    private final SipProvider tcp;
    private final AddressFactory af;
    private final HeaderFactory hf;
    private final MessageFactory mf;
    private final AuthenticationHelper auth;
    private final AccessUnits h264;
    private final AccessUnits h265;
    private final List<SimDevice> devices = new CopyOnWriteArrayList<>();
    private final Map<String, SimDevice> byCall = new ConcurrentHashMap<>();
    private final Map<String, Runnable> pendingStreams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("gb-sim-timer"));
    private final ScheduledExecutorService pump = Executors.newScheduledThreadPool(2, daemon("gb-sim-media"));
    private final AtomicLong sn = new AtomicLong(1);
    private final AtomicLong cseq = new AtomicLong(1);

    private GbSimulator(Platform platform, String host, int port, SipStack stack, SipProvider udp, SipProvider tcp, SipFactory f,
                        AccessUnits h264, AccessUnits h265) throws Exception {
        this.platform = platform;
        this.host = host;
        this.port = port;
        this.stack = stack;
        this.udp = udp;
        this.tcp = tcp;
        this.af = f.createAddressFactory();
        this.hf = f.createHeaderFactory();
        this.mf = f.createMessageFactory();
        this.auth = ((SipStackExt) stack).getAuthenticationHelper(accounts(), hf);
        this.h264 = h264;
        this.h265 = h265;
    }

    /**
     * Starts the devices' SIP stack on a free port of {@code host}.
     *
     * @param h264 the clip H.264 channels stream
     * @param h265 the clip H.265 channels stream (null: none)
     */
    public static GbSimulator start(String host, Platform platform, AccessUnits h264, AccessUnits h265) throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        Exception last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int port = freeUdpAndTcpPort(host);
            Properties p = new Properties();
            p.setProperty("javax.sip.STACK_NAME", "gb-sim-" + port);
            p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
            p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
            p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
            p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
            p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
            SipStack stack = f.createSipStack(p);
            try {
                SipProvider u = stack.createSipProvider(stack.createListeningPoint(host, port, ListeningPoint.UDP));
                SipProvider t = stack.createSipProvider(stack.createListeningPoint(host, port, ListeningPoint.TCP));
                GbSimulator sim = new GbSimulator(platform, host, port, stack, u, t, f, h264, h265);
                u.addSipListener(sim);
                t.addSipListener(sim);
                stack.start();
                return sim;
            } catch (Exception e) {
                stack.stop();
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public Platform platform() {
        return platform;
    }

    /** Adds a device; it registers at once and keeps alive at its interval. */
    public SimDevice add(DeviceSpec spec) {
        SimDevice d = new SimDevice(spec, this);
        devices.add(d);
        register(d, spec.expires());
        long every = spec.keepalive().toMillis();
        timers.scheduleAtFixedRate(() -> keepalive(d), every, every, TimeUnit.MILLISECONDS);
        long refresh = Math.max(1, spec.expires() / 2) * 1000L;
        timers.scheduleAtFixedRate(() -> {
            if (d.registered()) {
                register(d, spec.expires());
            }
        }, refresh, refresh, TimeUnit.MILLISECONDS);
        return d;
    }

    public List<SimDevice> devices() {
        return List.copyOf(devices);
    }

    // ---- what devices send ----

    void register(SimDevice d, int expires) {
        try {
            DeviceSpec s = d.spec();
            SipURI target = af.createSipURI(platform.id(), platform.host());
            target.setPort(platform.port());
            transport(target, s.sipTransport());
            SipURI self = af.createSipURI(s.id(), platform.domain());
            Request r = mf.createRequest(target, Request.REGISTER, provider(s).getNewCallId(), hf.createCSeqHeader(cseq.getAndIncrement(),
                    Request.REGISTER), hf.createFromHeader(af.createAddress(self), tag()), hf.createToHeader(af.createAddress(self), null),
                    List.of(via(s.sipTransport())), hf.createMaxForwardsHeader(70));
            SipURI contact = af.createSipURI(s.id(), host);
            contact.setPort(port);
            r.addHeader(hf.createContactHeader(af.createAddress(contact)));
            r.addHeader(hf.createExpiresHeader(expires));
            send(s, r, new Consumer<>() {
                private int challenges;

                @Override
                public void accept(ResponseEvent e) {
                    Response resp = e.getResponse();
                    if (resp.getStatusCode() == Response.UNAUTHORIZED && challenges++ < 2) {
                        try {
                            ClientTransaction again = auth.handleChallenge(resp, e.getClientTransaction(), provider(s), 5, true);
                            again.setApplicationData(this);
                            again.sendRequest();
                        } catch (Exception ex) {
                            d.registerAnswered(-1, ex.toString(), null);
                        }
                        return;
                    }
                    d.registerAnswered(resp.getStatusCode(), resp.getReasonPhrase(), gbDate(resp));
                    d.registered(resp.getStatusCode() == 200 && expires > 0);
                }
            });
        } catch (Exception e) {
            LOG.warn("device {}: REGISTER not sent: {}", d.id(), e.toString());
        }
    }

    /** The device tells the platform a channel changed (a catalog Notify with that channel alone). */
    void notifyChannel(SimDevice d, DeviceSpec.Channel channel, boolean on) {
        message(d, DeviceXml.catalogNotify(sn.getAndIncrement(), d.spec(), List.of(channel), on), x -> { });
    }

    private void keepalive(SimDevice d) {
        if (!d.registered() || !d.keepalivesOn()) {
            return;
        }
        message(d, DeviceXml.keepalive(sn.getAndIncrement(), d.id()), e -> {
            if (e.getResponse().getStatusCode() == Response.FORBIDDEN) {
                // the platform forgot us (or restarted clean): register again, as devices do
                register(d, d.spec().expires());
            }
        });
    }

    private void message(SimDevice d, byte[] body, Consumer<ResponseEvent> answer) {
        try {
            DeviceSpec s = d.spec();
            SipURI target = af.createSipURI(platform.id(), platform.host());
            target.setPort(platform.port());
            transport(target, s.sipTransport());
            Request r = mf.createRequest(target, Request.MESSAGE, provider(s).getNewCallId(), hf.createCSeqHeader(cseq.getAndIncrement(),
                    Request.MESSAGE), hf.createFromHeader(af.createAddress(af.createSipURI(s.id(), platform.domain())), tag()),
                    hf.createToHeader(af.createAddress(af.createSipURI(platform.id(), platform.domain())), null),
                    List.of(via(s.sipTransport())), hf.createMaxForwardsHeader(70), hf.createContentTypeHeader("Application", "MANSCDP+xml"),
                    body);
            send(s, r, answer);
        } catch (Exception e) {
            LOG.debug("device {}: MESSAGE not sent: {}", d.id(), e.toString());
        }
    }

    private void send(DeviceSpec s, Request r, Consumer<ResponseEvent> answer) throws Exception {
        ClientTransaction t = provider(s).getNewClientTransaction(r);
        t.setApplicationData(answer);
        t.sendRequest();
    }

    // ---- what the platform asks ----

    @Override
    public void processRequest(RequestEvent e) {
        Request r = e.getRequest();
        try {
            String user = ((SipURI) r.getRequestURI()).getUser();
            SimDevice d = devices.stream().filter(x -> x.owns(user)).findFirst().orElse(null);
            String callId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
            switch (r.getMethod()) {
                case Request.MESSAGE -> {
                    reply(e, d == null ? Response.NOT_FOUND : Response.OK, null);
                    if (d != null) {
                        timers.execute(() -> query(d, r.getRawContent()));
                    }
                }
                case Request.INVITE -> invite(e, d, user, callId);
                case Request.ACK -> {
                    Runnable start = pendingStreams.remove(callId);
                    if (start != null) {
                        start.run();
                    }
                }
                case Request.BYE -> {
                    reply(e, Response.OK, null);
                    SimDevice owner = byCall.remove(callId);
                    if (owner != null) {
                        owner.byeReceived();
                        LiveStream s = owner.streams.remove(callId);
                        if (s != null) {
                            s.close();
                        }
                    }
                    pendingStreams.remove(callId);
                }
                default -> reply(e, Response.OK, null);
            }
        } catch (Exception ex) {
            LOG.warn("simulated device: {} not handled: {}", r.getMethod(), ex.toString());
        }
    }

    private void query(SimDevice d, byte[] body) {
        Element q;
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            q = f.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (Exception ex) {
            LOG.warn("device {}: unreadable query: {}", d.id(), ex.toString());
            return;
        }
        String cmd = text(q, "CmdType");
        long qsn = Long.parseLong(text(q, "SN"));
        DeviceSpec s = d.spec();
        switch (cmd) {
            case "Catalog" -> {
                d.catalogQueried();
                List<DeviceSpec.Channel> all = s.channels();
                for (int i = 0; i < all.size(); i += s.itemsPerMessage()) {
                    message(d, DeviceXml.catalog(qsn, s, all.subList(i, Math.min(all.size(), i + s.itemsPerMessage())), d.channelsOn()), x -> { });
                }
                if (all.isEmpty()) {
                    message(d, DeviceXml.catalog(qsn, s, List.of(), true), x -> { });
                }
            }
            case "DeviceInfo" -> message(d, DeviceXml.deviceInfo(qsn, s), x -> { });
            case "DeviceStatus" -> message(d, DeviceXml.deviceStatus(qsn, s, false), x -> { });
            case "DeviceControl" -> {
                String ptz = text(q, "PTZCmd");
                if (ptz != null) {
                    d.ptz(PtzRecord.decode(text(q, "DeviceID"), ptz.strip()));
                }
            }
            default -> LOG.debug("device {}: {} not simulated", d.id(), cmd);
        }
    }

    private void invite(RequestEvent e, SimDevice d, String channelId, String callId) throws Exception {
        if (d == null) {
            reply(e, Response.NOT_FOUND, null);
            return;
        }
        String offer = new String(e.getRequest().getRawContent(), StandardCharsets.US_ASCII);
        String ip = null;
        int mediaPort = 0;
        boolean tcpMedia = false;
        String ssrc = null;
        for (String line : offer.split("\r?\n")) {
            if (line.startsWith("c=IN IP4 ")) {
                ip = line.substring(9).strip();
            } else if (line.startsWith("m=video ")) {
                String[] parts = line.split(" ");
                mediaPort = Integer.parseInt(parts[1]);
                tcpMedia = parts[2].startsWith("TCP");
            } else if (line.startsWith("y=")) {
                ssrc = line.substring(2).strip();
            }
        }
        d.invited(tcpMedia ? "tcp" : "udp");
        AccessUnits clip = d.spec().hevc() ? h265 : h264;
        if (ip == null || mediaPort == 0 || clip == null) {
            reply(e, Response.NOT_ACCEPTABLE_HERE, null);
            return;
        }
        long ssrcValue = ssrc == null ? 1 : Long.parseLong(ssrc) & 0xFFFFFFFFL;
        InetSocketAddress to = new InetSocketAddress(ip, mediaPort);
        boolean overTcp = tcpMedia;
        RtpSender udpSender = overTcp ? null : RtpSender.udp(to, ssrcValue);
        StringBuilder sdp = new StringBuilder();
        sdp.append("v=0\r\no=").append(channelId).append(" 0 0 IN IP4 ").append(host).append("\r\ns=Play\r\nc=IN IP4 ").append(host)
                .append("\r\nt=0 0\r\nm=video ").append(overTcp ? 9 : udpSender.localPort()).append(overTcp ? " TCP/RTP/AVP 96" : " RTP/AVP 96")
                .append("\r\na=sendonly\r\na=rtpmap:96 PS/90000\r\n");
        if (overTcp) {
            sdp.append("a=setup:active\r\na=connection:new\r\n");
        }
        sdp.append("y=").append(ssrc == null ? "0000000001" : ssrc).append("\r\nf=\r\n");
        byCall.put(callId, d);
        pendingStreams.put(callId, () -> {
            try {
                RtpSender sender = overTcp ? RtpSender.tcp(to, ssrcValue) : udpSender;
                LiveStream s = new LiveStream(channelId, clip, sender);
                s.reorder(d.reorder());
                d.streams.put(callId, s);
                s.start(pump);
            } catch (IOException ex) {
                LOG.warn("device {}: cannot send media to {}: {}", d.id(), to, ex.toString());
            }
        });
        reply(e, Response.OK, sdp.toString());
    }

    private void reply(RequestEvent e, int status, String sdp) throws Exception {
        Request r = e.getRequest();
        Response resp = mf.createResponse(status, r);
        if (Request.INVITE.equals(r.getMethod()) && status == Response.OK) {
            ((ToHeader) resp.getHeader(ToHeader.NAME)).setTag(tag());
            SipURI contact = af.createSipURI(((SipURI) r.getRequestURI()).getUser(), host);
            contact.setPort(port);
            resp.addHeader(hf.createContactHeader(af.createAddress(contact)));
            resp.setContent(sdp, hf.createContentTypeHeader("application", "sdp"));
        }
        ServerTransaction t = e.getServerTransaction();
        if (t == null) {
            t = ((SipProvider) e.getSource()).getNewServerTransaction(r);
        }
        t.sendResponse(resp);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processResponse(ResponseEvent e) {
        ClientTransaction t = e.getClientTransaction();
        if (t != null && e.getResponse().getStatusCode() >= 200 && t.getApplicationData() instanceof Consumer<?> c) {
            ((Consumer<ResponseEvent>) c).accept(e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent e) {
        LOG.debug("simulated device: a request timed out");
    }

    @Override
    public void processIOException(IOExceptionEvent e) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent e) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent e) {
    }

    // ---- plumbing ----

    private AccountManager accounts() {
        return (ct, realm) -> {
            String user = ((SipURI) ((javax.sip.header.FromHeader) ct.getRequest().getHeader("From")).getAddress().getURI()).getUser();
            SimDevice d = devices.stream().filter(x -> x.id().equals(user)).findFirst().orElse(null);
            String password = d == null ? "" : d.spec().password();
            return new UserCredentials() {
                @Override
                public String getUserName() {
                    return user;
                }

                @Override
                public String getPassword() {
                    return password;
                }

                @Override
                public String getSipDomain() {
                    return realm;
                }
            };
        };
    }

    private SipProvider provider(DeviceSpec s) {
        return "tcp".equals(s.sipTransport()) ? tcp : udp;
    }

    private ViaHeader via(String transport) throws Exception {
        ViaHeader v = hf.createViaHeader(host, port, transport, null);
        v.setRPort();
        return v;
    }

    private static void transport(SipURI uri, String transport) throws java.text.ParseException {
        if ("tcp".equals(transport)) {
            uri.setTransportParam("tcp");
        }
    }

    private static String tag() {
        return Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    /** The GB form of the Date header (2024-05-01T08:30:00.000) is not RFC 1123: JAIN-SIP keeps it as unparsed text. */
    private static String gbDate(Response resp) {
        var headers = ((gov.nist.javax.sip.message.SIPMessage) resp).getUnrecognizedHeaders();
        while (headers.hasNext()) {
            String h = headers.next();
            if (h.regionMatches(true, 0, "Date:", 0, 5)) {
                return h.substring(5).strip();
            }
        }
        var parsed = resp.getHeader("Date");
        return parsed == null ? null : parsed.toString().substring(5).strip();
    }

    private static String text(Element e, String child) {
        var list = e.getElementsByTagName(child);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }

    /** A port free for both UDP and TCP on {@code host} (SIP listens on both). */
    public static int freeUdpAndTcpPort(String host) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, a)) {
                int p = s.getLocalPort();
                try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(a, p))) {
                    return p;
                } catch (IOException taken) {
                    // UDP side in use: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + host);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timers.shutdownNow();
        devices.forEach(d -> d.streams.values().forEach(LiveStream::close));
        pump.shutdownNow();
        stack.stop();
    }
}
