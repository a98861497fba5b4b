package io.gmeye.agent.gb28181.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request in its server transaction (so retransmissions get the same answer), or
 * statelessly where the stack has none for it.
 */
public final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    public static void send(RequestEvent e, Response response) {
        try {
            ServerTransaction t = e.getServerTransaction();
            if (t == null) {
                try {
                    t = ((SipProvider) e.getSource()).getNewServerTransaction(e.getRequest());
                } catch (javax.sip.TransactionAlreadyExistsException | javax.sip.TransactionUnavailableException ex) {
                    ((SipProvider) e.getSource()).sendResponse(response); // a retransmission racing its original
                    return;
                }
            }
            t.sendResponse(response);
        } catch (SipException | javax.sip.InvalidArgumentException ex) {
            LOG.debug("could not answer {} with {}: {}", e.getRequest().getMethod(), response.getStatusCode(), ex.getMessage());
        }
    }
}
