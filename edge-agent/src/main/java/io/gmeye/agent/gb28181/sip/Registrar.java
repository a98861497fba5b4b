package io.gmeye.agent.gb28181.sip;

import gov.nist.javax.sip.message.SIPRequest;
import io.gmeye.agent.gb28181.GbConfig;
import io.gmeye.agent.gb28181.device.GbDevices;
import io.gmeye.platform.metrics.Metrics;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Consumer;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER: challenge, check the digest against the device's password, then register, refresh
 * or unregister. A wrong password is refused (403) and logged with the device id and address.
 */
public final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final GbConfig config;
    private final SipServer sip;
    private final DigestAuth digest;
    private final GbDevices devices;
    private final Clock clock;
    private final Metrics metrics;
    private final Consumer<String> onNewRegistration;

    /** @param onNewRegistration called off the SIP thread's answer with a device that just came (ask its catalog) */
    public Registrar(GbConfig config, SipServer sip, DigestAuth digest, GbDevices devices, Clock clock, Metrics metrics,
                     Consumer<String> onNewRegistration) {
        this.config = config;
        this.sip = sip;
        this.digest = digest;
        this.devices = devices;
        this.clock = clock;
        this.metrics = metrics;
        this.onNewRegistration = onNewRegistration;
    }

    public void register(RequestEvent e) throws ParseException, javax.sip.InvalidArgumentException {
        Request r = e.getRequest();
        String deviceId = ((SipURI) ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI()).getUser();
        SIPRequest raw = (SIPRequest) r;
        String from = raw.getPeerPacketSourceAddress().getHostAddress() + ":" + raw.getPeerPacketSourcePort();
        String password = deviceId == null ? null : config.passwordOf(deviceId);
        if (password == null) {
            refuse(e, deviceId, from, "unknown", "is not a device of this site (not in gb28181.devices and no site password)");
            return;
        }
        AuthorizationHeader auth = (AuthorizationHeader) r.getHeader(AuthorizationHeader.NAME);
        if (auth == null) {
            challenge(e, false);
            return;
        }
        DigestAuth.Answer answer = new DigestAuth.Answer(auth.getUsername(), auth.getRealm(), auth.getNonce(),
                auth.getURI() == null ? null : auth.getURI().toString(), auth.getResponse(), auth.getQop(), auth.getParameter("nc"),
                auth.getCNonce());
        DigestAuth.Verdict verdict = deviceId.equals(auth.getUsername()) ? digest.check(Request.REGISTER, answer, password)
                : DigestAuth.Verdict.WRONG;
        if (verdict == DigestAuth.Verdict.STALE) {
            challenge(e, true);
            return;
        }
        if (verdict == DigestAuth.Verdict.WRONG) {
            refuse(e, deviceId, from, "wrong_password", "wrong password (digest does not match)");
            return;
        }
        long expires = expires(r);
        Response ok = sip.messages().createResponse(Response.OK, r);
        ok.addHeader(new GbDateHeader(clock.instant(), ZoneId.systemDefault()));
        ok.addHeader(sip.headers().createExpiresHeader((int) expires));
        ContactHeader contact = (ContactHeader) r.getHeader(ContactHeader.NAME);
        if (contact != null) {
            ok.addHeader(contact);
        }
        String transport = ((javax.sip.SipProvider) e.getSource()).getListeningPoints()[0].getTransport().toLowerCase();
        if (expires == 0) {
            Replies.send(e, ok);
            devices.unregister(deviceId);
            metrics.count("gb28181.register", "outcome", "unregistered");
            return;
        }
        boolean fresh = devices.register(deviceId, transport, raw.getPeerPacketSourceAddress().getHostAddress(),
                raw.getPeerPacketSourcePort(), clock.millis() + expires * 1000);
        Replies.send(e, ok);
        metrics.count("gb28181.register", "outcome", fresh ? "registered" : "refreshed");
        if (fresh) {
            onNewRegistration.accept(deviceId);
        }
    }

    private long expires(Request r) {
        ExpiresHeader h = r.getExpires();
        long asked = h == null ? 3600 : h.getExpires();
        ContactHeader contact = (ContactHeader) r.getHeader(ContactHeader.NAME);
        if (h == null && contact != null && contact.getExpires() >= 0) {
            asked = contact.getExpires();
        }
        return Math.min(asked, config.registerExpiresMax().toSeconds());
    }

    private void challenge(RequestEvent e, boolean stale) throws ParseException {
        Response r = sip.messages().createResponse(Response.UNAUTHORIZED, e.getRequest());
        WWWAuthenticateHeader h = sip.headers().createWWWAuthenticateHeader("Digest");
        h.setParameter("realm", digest.realm());
        h.setParameter("nonce", digest.newNonce());
        h.setParameter("algorithm", "MD5");
        h.setParameter("qop", "auth");
        if (stale) {
            h.setParameter("stale", "TRUE");
        }
        r.addHeader(h);
        Replies.send(e, r);
    }

    private void refuse(RequestEvent e, String deviceId, String from, String outcome, String reason) throws ParseException {
        LOG.warn("GB/T 28181 REGISTER of device {} from {} refused: {}", deviceId, from, reason);
        metrics.count("gb28181.register", "outcome", outcome);
        Response r = sip.messages().createResponse(Response.FORBIDDEN, e.getRequest());
        r.setReasonPhrase("Forbidden: " + reason);
        Replies.send(e, r);
    }
}
