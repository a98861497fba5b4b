package io.gmeye.agent.gb28181;

import io.gmeye.agent.gb28181.device.Contact;
import io.gmeye.agent.gb28181.device.GbDevices;
import io.gmeye.agent.gb28181.media.MediaPorts;
import io.gmeye.agent.gb28181.media.RtpInput;
import io.gmeye.agent.gb28181.media.Sdp;
import io.gmeye.agent.gb28181.media.TcpRtpInput;
import io.gmeye.agent.gb28181.media.UdpRtpInput;
import io.gmeye.agent.gb28181.sip.SipClient;
import io.gmeye.platform.metrics.Metrics;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.SipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time streams of GB/T 28181 channels: INVITE with the agent's receiving port in the SDP,
 * ACK, and BYE when the stream is closed. Opened and closed by the camera's grabbing thread.
 */
public final class MediaSessions {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSessions.class);

    private final GbConfig config;
    private final GbDevices devices;
    private final SipClient sip;
    private final MediaPorts ports;
    private final Metrics metrics;
    private final String address;
    private final AtomicInteger streamNo = new AtomicInteger();
    private final Map<String, Session> open = new ConcurrentHashMap<>();

    public MediaSessions(GbConfig config, GbDevices devices, SipClient sip, Metrics metrics) {
        this.config = config;
        this.devices = devices;
        this.sip = sip;
        this.metrics = metrics;
        this.ports = new MediaPorts(config.media().portMin(), config.media().portMax());
        this.address = config.reachableAddress();
    }

    /** One invited stream: its RTP input and the dialog to end. */
    public final class Session implements AutoCloseable {
        private final String channelId;
        private final String deviceId;
        private final SipClient.Answer answer;
        private final String transport;
        private final RtpInput input;
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        private Session(String channelId, String deviceId, SipClient.Answer answer, String transport, RtpInput input) {
            this.channelId = channelId;
            this.deviceId = deviceId;
            this.answer = answer;
            this.transport = transport;
            this.input = input;
        }

        String callId() {
            return ((javax.sip.header.CallIdHeader) answer.response().getHeader(javax.sip.header.CallIdHeader.NAME)).getCallId();
        }

        public String deviceId() {
            return deviceId;
        }

        public RtpInput input() {
            return input;
        }

        /** udp or tcp: how RTP arrives. */
        public String mediaTransport() {
            return input instanceof TcpRtpInput ? "tcp" : "udp";
        }

        /** Ends the stream: BYE to the device (not waited for) and the socket closed. */
        @Override
        public void close() {
            open.remove(channelId, this);
            if (ended.compareAndSet(false, true)) {
                sip.bye(answer, transport).whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.debug("BYE for {}: {}", channelId, e.getMessage());
                    }
                });
                metrics.count("gb28181.bye");
            }
            input.close();
        }
    }

    /**
     * Invites a channel's real-time stream and returns once the device accepted (the first RTP may
     * still be on its way). Blocks for at most the request timeout.
     *
     * @throws GbException with the reason: unknown channel, device offline, refused, no answer
     */
    public Session open(String channelId) {
        String deviceId = devices.deviceOf(channelId)
                .orElseThrow(() -> new GbException("no GB/T 28181 channel " + channelId + " in any registered device's catalog"));
        if (!devices.alive(deviceId)) {
            throw new GbException("device " + deviceId + " is offline");
        }
        Contact contact = devices.contact(deviceId).orElseThrow(() -> new GbException("device " + deviceId + " is not registered"));
        String transport = config.mediaTransportOf(deviceId);
        RtpInput input;
        try {
            input = "tcp".equals(transport)
                    ? TcpRtpInput.listen(config.mediaHost(), ports, config.media().reorderPackets())
                    : UdpRtpInput.bind(config.mediaHost(), ports, config.media().reorderPackets());
        } catch (IOException e) {
            throw new GbException("cannot open an RTP port: " + e.getMessage());
        }
        String ssrc = String.format("0%s%04d", config.domain().substring(3, 8), streamNo.incrementAndGet() % 10_000);
        String sdp = Sdp.offer(config.id(), address, input.port(), transport, ssrc);
        SipClient.Answer answer;
        try {
            answer = sip.invite(contact, channelId, channelId + ":" + ssrc + "," + config.id() + ":0", sdp)
                    .get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            input.close();
            metrics.count("gb28181.invite", "outcome", "no_answer");
            throw new GbException("device " + deviceId + " did not answer the INVITE for " + channelId + " within "
                    + config.requestTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            input.close();
            metrics.count("gb28181.invite", "outcome", "failed");
            throw new GbException("INVITE for " + channelId + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            input.close();
            Thread.currentThread().interrupt();
            throw new GbException("interrupted while inviting " + channelId);
        }
        int status = answer.response().getStatusCode();
        if (status / 100 != 2) {
            input.close();
            metrics.count("gb28181.invite", "outcome", "refused");
            throw new GbException("device " + deviceId + " refused the stream of " + channelId + ": " + status + " "
                    + answer.response().getReasonPhrase());
        }
        try {
            sip.ack(answer);
        } catch (SipException e) {
            input.close();
            throw new GbException("could not acknowledge the stream of " + channelId + ": " + e.getMessage());
        }
        metrics.count("gb28181.invite", "outcome", "ok");
        Session s = new Session(channelId, deviceId, answer, contact.transport(), input);
        Session previous = open.put(channelId, s);
        if (previous != null) {
            previous.close();
        }
        return s;
    }

    /** The device hung up (BYE): the stream's input ends, and the grabber sees why. */
    void endedByDevice(String callId) {
        for (Session s : open.values()) {
            if (s.callId().equals(callId)) {
                LOG.info("GB/T 28181 channel {}: the device ended the stream (BYE)", s.channelId);
                open.remove(s.channelId, s);
                s.ended.set(true);
                s.input.close();
            }
        }
    }

    /** Streams open now, by channel. */
    public int openCount() {
        return open.size();
    }

    /** Ends every stream (BYE), as the agent stops. */
    public void closeAll() {
        open.values().forEach(Session::close);
    }
}
