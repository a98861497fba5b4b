package io.gmeye.agent.gb28181;

import gov.nist.javax.sip.message.SIPRequest;
import io.gmeye.agent.gb28181.device.CatalogAssembly;
import io.gmeye.agent.gb28181.device.GbDevices;
import io.gmeye.agent.gb28181.manscdp.Manscdp;
import io.gmeye.agent.gb28181.manscdp.ManscdpMessage;
import io.gmeye.agent.gb28181.sip.Replies;
import io.gmeye.agent.gb28181.sip.SipServer;
import io.gmeye.platform.metrics.Metrics;
import java.text.ParseException;
import java.time.Clock;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MESSAGEs from devices: keepalives, catalog parts, answers to queries. Each is answered at once
 * (200, or 400 with the reason for a body that is not MANSCDP, 403 for a device that has not
 * registered: it must REGISTER first), then taken in.
 */
public final class DeviceInbox {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceInbox.class);

    private final SipServer sip;
    private final GbDevices devices;
    private final CatalogAssembly catalogs;
    private final DeviceQueries queries;
    private final Clock clock;
    private final Metrics metrics;

    public DeviceInbox(SipServer sip, GbDevices devices, CatalogAssembly catalogs, DeviceQueries queries, Clock clock, Metrics metrics) {
        this.sip = sip;
        this.devices = devices;
        this.catalogs = catalogs;
        this.queries = queries;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void message(RequestEvent e) throws ParseException {
        Request r = e.getRequest();
        String from = ((SipURI) ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI()).getUser();
        ManscdpMessage m;
        try {
            byte[] body = r.getRawContent();
            if (body == null) {
                throw new IllegalArgumentException("the MESSAGE has no body");
            }
            m = Manscdp.parse(body);
        } catch (IllegalArgumentException ex) {
            metrics.count("gb28181.message", "outcome", "malformed");
            LOG.info("GB/T 28181 MESSAGE from {} refused: {}", from, ex.getMessage());
            Response bad = sip.messages().createResponse(Response.BAD_REQUEST, r);
            bad.setReasonPhrase("Bad Request: " + ex.getMessage().replaceAll("[\\r\\n]", " "));
            Replies.send(e, bad);
            return;
        }
        SIPRequest raw = (SIPRequest) r;
        if (!devices.heard(from, raw.getPeerPacketSourceAddress().getHostAddress(), raw.getPeerPacketSourcePort())) {
            metrics.count("gb28181.message", "outcome", "not_registered");
            Response no = sip.messages().createResponse(Response.FORBIDDEN, r);
            no.setReasonPhrase("Forbidden: not registered, REGISTER first");
            Replies.send(e, no);
            return;
        }
        Replies.send(e, sip.messages().createResponse(Response.OK, r));
        metrics.count("gb28181.message", "cmd", m.cmdType());
        take(from, m);
    }

    private void take(String deviceId, ManscdpMessage m) {
        if (m.is("Notify", "Keepalive")) {
            return; // heard above
        }
        if (m.is("Response", "Catalog")) {
            Manscdp.CatalogPart part = Manscdp.catalog(m);
            // the part names the device in DeviceID; the sender is the registered device either way
            Manscdp.CatalogPart own = new Manscdp.CatalogPart(deviceId, part.sn(), part.sumNum(), part.items());
            catalogs.add(own, clock.millis()).ifPresent(c -> devices.catalog(c.deviceId(), c.items(), true));
            return;
        }
        if (m.is("Notify", "Catalog")) {
            // a device telling of channels that changed: added to what is known, never a whole catalog
            devices.catalog(deviceId, Manscdp.catalog(m).items(), false);
            return;
        }
        if (m.is("Response", "DeviceInfo")) {
            devices.info(Manscdp.deviceInfo(m));
        }
        queries.answered(m);
    }
}
