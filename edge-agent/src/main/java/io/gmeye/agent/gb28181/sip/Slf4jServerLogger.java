package io.gmeye.agent.gb28181.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every SIP message in and out, at debug level of logger {@code gmeye.sip.messages}. */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger LOG = LoggerFactory.getLogger("gmeye.sip.messages");

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message);
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, 0);
    }

    @Override
    public void logException(Exception ex) {
        LOG.debug("SIP message exception", ex);
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public void setSipStack(SipStack stack) {
    }
}
