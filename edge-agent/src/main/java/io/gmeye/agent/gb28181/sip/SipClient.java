package io.gmeye.agent.gb28181.sip;

import io.gmeye.agent.gb28181.device.Contact;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Requests the agent sends to devices (MESSAGE, INVITE, BYE) and the pairing of their final
 * responses with the futures that wait for them. A request with no final answer completes
 * exceptionally when JAIN-SIP's transaction times out.
 */
public final class SipClient {
    private final SipServer sip;
    private final String localId;
    private final String domain;
    private final String address;
    private final AtomicLong cseq = new AtomicLong(1);

    /** @param address the agent's address as devices reach it, for Via, Contact and From */
    public SipClient(SipServer sip, String localId, String domain, String address) {
        this.sip = sip;
        this.localId = localId;
        this.domain = domain;
        this.address = address;
    }

    /** A MANSCDP MESSAGE to a device or one of its channels. */
    public CompletableFuture<Response> message(Contact to, String toUser, byte[] body) {
        try {
            Request r = request(to, toUser, Request.MESSAGE);
            r.setContent(body, sip.headers().createContentTypeHeader("Application", "MANSCDP+xml"));
            return send(r, to.transport());
        } catch (ParseException | InvalidArgumentException | SipException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * An INVITE for a channel's real-time stream; completes with the final response and the
     * client transaction (whose dialog the ACK and BYE use).
     */
    public CompletableFuture<Answer> invite(Contact to, String channelId, String subject, String sdp) {
        try {
            Request r = request(to, channelId, Request.INVITE);
            r.addHeader(contact(to.transport()));
            r.addHeader(sip.headers().createSubjectHeader(subject));
            ContentTypeHeader type = sip.headers().createContentTypeHeader("application", "sdp");
            r.setContent(sdp, type);
            ClientTransaction t = sip.provider(to.transport()).getNewClientTransaction(r);
            CompletableFuture<Response> answer = new CompletableFuture<>();
            t.setApplicationData(answer);
            t.sendRequest();
            return answer.thenApply(resp -> new Answer(resp, t));
        } catch (ParseException | InvalidArgumentException | SipException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A final answer to an INVITE, with its transaction. */
    public record Answer(Response response, ClientTransaction transaction) {
    }

    /** Acknowledges a 2xx to an INVITE, which sets up the dialog. */
    public void ack(Answer a) throws SipException {
        Dialog d = a.transaction().getDialog();
        try {
            long seq = ((CSeqHeader) a.response().getHeader(CSeqHeader.NAME)).getSeqNumber();
            d.sendAck(d.createAck(seq));
        } catch (InvalidArgumentException e) {
            throw new SipException("cannot acknowledge: " + e.getMessage(), e);
        }
    }

    /** Ends a dialog set up by an INVITE. */
    public CompletableFuture<Response> bye(Answer a, String transport) {
        try {
            Dialog d = a.transaction().getDialog();
            Request bye = d.createRequest(Request.BYE);
            ClientTransaction t = sip.provider(transport).getNewClientTransaction(bye);
            CompletableFuture<Response> f = new CompletableFuture<>();
            t.setApplicationData(f);
            d.sendRequest(t);
            return f;
        } catch (SipException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** From the listener: a response to one of ours. Provisional ones (1xx) wait for the final. */
    public void response(ResponseEvent e) {
        ClientTransaction t = e.getClientTransaction();
        if (t != null && t.getApplicationData() instanceof CompletableFuture<?> f && e.getResponse().getStatusCode() >= 200) {
            @SuppressWarnings("unchecked")
            CompletableFuture<Response> waiting = (CompletableFuture<Response>) f;
            waiting.complete(e.getResponse());
        }
    }

    /** From the listener: a request of ours that was never answered. */
    public void timeout(TimeoutEvent e) {
        if (!e.isServerTransaction() && e.getClientTransaction() != null
                && e.getClientTransaction().getApplicationData() instanceof CompletableFuture<?> f) {
            f.completeExceptionally(new SipException("no answer from the device (" + e.getClientTransaction().getRequest().getMethod() + ")"));
        }
    }

    private CompletableFuture<Response> send(Request r, String transport) throws SipException {
        SipProvider provider = sip.provider(transport);
        ClientTransaction t = provider.getNewClientTransaction(r);
        CompletableFuture<Response> f = new CompletableFuture<>();
        t.setApplicationData(f);
        t.sendRequest();
        return f;
    }

    private Request request(Contact to, String toUser, String method) throws ParseException, InvalidArgumentException, SipException {
        var af = sip.addresses();
        var hf = sip.headers();
        SipURI uri = af.createSipURI(toUser, to.host());
        uri.setPort(to.port());
        if ("tcp".equalsIgnoreCase(to.transport())) {
            uri.setTransportParam("tcp");
        }
        SipProvider provider = sip.provider(to.transport());
        Address from = af.createAddress(af.createSipURI(localId, domain));
        Address toAddress = af.createAddress(af.createSipURI(toUser, domain));
        ViaHeader via = hf.createViaHeader(address, sip.port(), to.transport(), null);
        via.setRPort();
        return sip.messages().createRequest(uri, method, provider.getNewCallId(), hf.createCSeqHeader(cseq.getAndIncrement(), method),
                hf.createFromHeader(from, Long.toHexString(System.nanoTime())), hf.createToHeader(toAddress, null), List.of(via),
                hf.createMaxForwardsHeader(70));
    }

    private ContactHeader contact(String transport) throws ParseException {
        SipURI uri = sip.addresses().createSipURI(localId, address);
        uri.setPort(sip.port());
        if ("tcp".equalsIgnoreCase(transport)) {
            uri.setTransportParam("tcp");
        }
        return sip.headers().createContactHeader(sip.addresses().createAddress(uri));
    }
}
