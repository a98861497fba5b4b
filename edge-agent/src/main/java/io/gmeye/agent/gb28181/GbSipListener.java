package io.gmeye.agent.gb28181;

import io.gmeye.agent.gb28181.sip.Registrar;
import io.gmeye.agent.gb28181.sip.Replies;
import io.gmeye.agent.gb28181.sip.SipClient;
import io.gmeye.agent.gb28181.sip.SipServer;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands what the SIP stack delivers to the part that handles it. */
final class GbSipListener implements SipListener {
    private static final Logger LOG = LoggerFactory.getLogger(GbSipListener.class);

    private volatile SipServer sip;
    private volatile Registrar registrar;
    private volatile DeviceInbox inbox;
    private volatile SipClient client;
    private volatile MediaSessions media;

    /** The handlers exist only once the stack listens, so they are set after it started. */
    void bind(SipServer sip, Registrar registrar, DeviceInbox inbox, SipClient client, MediaSessions media) {
        this.sip = sip;
        this.registrar = registrar;
        this.inbox = inbox;
        this.client = client;
        this.media = media;
    }

    @Override
    public void processRequest(RequestEvent e) {
        if (inbox == null) {
            return; // starting: the device retransmits
        }
        Request r = e.getRequest();
        try {
            switch (r.getMethod()) {
                case Request.REGISTER -> registrar.register(e);
                case Request.MESSAGE -> inbox.message(e);
                case Request.BYE -> {
                    Replies.send(e, sip.messages().createResponse(Response.OK, r));
                    media.endedByDevice(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
                }
                case Request.ACK -> { }
                case Request.OPTIONS, Request.NOTIFY -> Replies.send(e, sip.messages().createResponse(Response.OK, r));
                default -> Replies.send(e, sip.messages().createResponse(Response.METHOD_NOT_ALLOWED, r));
            }
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException | RuntimeException ex) {
            LOG.warn("GB/T 28181 {} not handled: {}", r.getMethod(), ex.toString());
        }
    }

    @Override
    public void processResponse(ResponseEvent e) {
        if (client != null) {
            client.response(e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent e) {
        if (client != null) {
            client.timeout(e);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent e) {
        LOG.debug("SIP I/O error with {}:{} over {}", e.getHost(), e.getPort(), e.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent e) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent e) {
    }
}
