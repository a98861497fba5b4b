package io.gmeye.agent.gb28181.sip;

import java.util.Properties;
import java.util.TooManyListenersException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * A JAIN-SIP stack listening on one port over UDP and TCP, with its factories. The stack's own
 * threads deliver requests and responses to the listener.
 */
public final class SipServer implements AutoCloseable {
    private final SipStack stack;
    private final SipProvider udp;
    private final SipProvider tcp;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final int port;

    private SipServer(SipStack stack, SipProvider udp, SipProvider tcp, SipFactory factory, int port) throws SipException {
        this.stack = stack;
        this.udp = udp;
        this.tcp = tcp;
        try {
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
        } catch (javax.sip.PeerUnavailableException e) {
            throw new SipException("JAIN-SIP factories unavailable: " + e.getMessage(), e);
        }
        this.port = port;
    }

    /**
     * Starts listening.
     *
     * @param name a name unique in this JVM (a test may run agent and devices side by side)
     * @throws SipException with the reason when the port cannot be bound
     */
    public static SipServer start(String name, String host, int port, SipListener listener) throws SipException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        SipStack stack;
        try {
            stack = factory.createSipStack(properties(name));
        } catch (javax.sip.PeerUnavailableException e) {
            throw new SipException("JAIN-SIP stack unavailable: " + e.getMessage(), e);
        }
        try {
            ListeningPoint udpPoint = stack.createListeningPoint(host, port, ListeningPoint.UDP);
            ListeningPoint tcpPoint = stack.createListeningPoint(host, port, ListeningPoint.TCP);
            SipProvider udp = stack.createSipProvider(udpPoint);
            SipProvider tcp = stack.createSipProvider(tcpPoint);
            udp.addSipListener(listener);
            tcp.addSipListener(listener);
            stack.start();
            return new SipServer(stack, udp, tcp, factory, port);
        } catch (javax.sip.TransportNotSupportedException | javax.sip.InvalidArgumentException | ObjectInUseException
                 | TooManyListenersException e) {
            stack.stop();
            throw new SipException("cannot listen for SIP on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (SipException e) {
            stack.stop();
            throw e;
        }
    }

    private static Properties properties(String name) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "true");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        // requests to a device that registered over TCP go back on its connection (it may sit behind NAT)
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.COMPUTE_CONTENT_LENGTH_FROM_MESSAGE_BODY", "true");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(1 << 20));
        p.setProperty("gov.nist.javax.sip.RELIABLE_CONNECTION_KEEP_ALIVE_TIMEOUT", "120");
        return p;
    }

    public SipProvider provider(String transport) {
        return "tcp".equalsIgnoreCase(transport) ? tcp : udp;
    }

    public AddressFactory addresses() {
        return addresses;
    }

    public HeaderFactory headers() {
        return headers;
    }

    public MessageFactory messages() {
        return messages;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stack.stop();
    }
}
