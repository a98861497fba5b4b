package io.gmeye.agent.gb28181.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack log into SLF4J (logger {@code gov.nist.javax.sip}), instead of its log4j 1.x
 * file writer. Named in the stack's properties, so the stack makes it by reflection.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Exception("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        return switch (level) {
            case TRACE_FATAL, TRACE_ERROR -> LOG.isErrorEnabled();
            case TRACE_WARN -> LOG.isInfoEnabled();
            case TRACE_INFO -> LOG.isDebugEnabled();
            case TRACE_DEBUG -> LOG.isDebugEnabled();
            case TRACE_TRACE -> LOG.isTraceEnabled();
            default -> false;
        };
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.error(message, ex);
    }

    // the stack's info is per message and its warnings mostly about TLS it is not asked to do: one level down each

    @Override
    public void logWarning(String message) {
        LOG.info(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
        // SLF4J's configuration decides
    }

    @Override
    public void enableLogging() {
        // SLF4J's configuration decides
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
