package io.gmeye.hub.agents;

import io.gmeye.platform.limits.RateLimit;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.platform.metrics.Metrics;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits against abuse on one agent connection: publishes per second (a token bucket; over it a
 * QoS 1 publish is refused with PUBACK 0x97 quota exceeded and the reason "message rate too high",
 * since PUBACK cannot carry 0x96; a QoS 0 one is dropped; both counted),
 * publishes waiting for the store (a client that ignores our receive maximum is disconnected with
 * 0x93), and packets over the size limit (disconnected with 0x95; the MQTT decoder cannot resync
 * after one). A client that keeps flooding after being told is disconnected with 0x96. Refusals
 * are logged once, then summarised at most every ten seconds, so a flood cannot flood the log.
 * Event-loop confined.
 */
final class PublishGuard {
    private static final Logger LOG = LoggerFactory.getLogger(PublishGuard.class);
    private static final long LOG_EVERY_MS = 10_000;

    private final String site;
    private final MqttEndpoint endpoint;
    private final HubConfig.Limits limits;
    private final Clock clock;
    private final Metrics metrics;
    private final RateLimit rate;
    private final int maxMessageBytes;
    private int refusedInARow;
    private long refusedSinceLog;
    private long lastLog = Long.MIN_VALUE;
    private boolean closing;

    PublishGuard(String site, MqttEndpoint endpoint, HubConfig.MqttSection config, Clock clock, Metrics metrics) {
        this.site = site;
        this.endpoint = endpoint;
        this.limits = config.limits();
        this.maxMessageBytes = config.maxMessageBytes();
        this.clock = clock;
        this.metrics = metrics;
        this.rate = new RateLimit(clock, limits.publishesPerSecond(), 2.0 * limits.publishesPerSecond());
    }

    /** True when the publish may be handled; false when it is over the rate (the caller refuses it). */
    boolean admit(MqttPublishMessage m, int awaitingAck) {
        if (closing) {
            return false;
        }
        if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE && awaitingAck >= limits.maxAwaitingAck()) {
            disconnect(MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "receive_maximum",
                    "more than " + limits.maxAwaitingAck() + " publishes awaiting acknowledgement; the hub's receive maximum is "
                            + limits.maxAwaitingAck());
            return false;
        }
        if (rate.tryTake()) {
            refusedInARow = 0;
            return true;
        }
        metrics.count("gmeye.agents.publishes", "outcome", "rate_limited");
        refusedInARow++;
        refusedSinceLog++;
        long now = clock.millis();
        if (lastLog == Long.MIN_VALUE || now - lastLog >= LOG_EVERY_MS) {
            LOG.warn("site {}: refused {} publishes over the limit of {} a second (message rate too high)", site, refusedSinceLog, limits.publishesPerSecond());
            lastLog = now;
            refusedSinceLog = 0;
        }
        if (refusedInARow > 2 * limits.publishesPerSecond()) {
            disconnect(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, "flood",
                    "kept publishing after " + refusedInARow + " refusals for message rate too high");
        }
        return false;
    }

    String reason() {
        return "message rate too high: more than " + limits.publishesPerSecond() + " publishes a second on this connection; slow down";
    }

    /** A connection-level failure: an oversize packet is refused with a reason, the rest only logged. */
    void failed(Throwable e) {
        Throwable cause = e instanceof DecoderException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TooLongFrameException) {
            disconnect(MqttDisconnectReasonCode.PACKET_TOO_LARGE, "too_large",
                    "a packet over the hub's maximum of " + maxMessageBytes + " bytes (" + cause.getMessage() + ")");
        } else if (e instanceof DecoderException) {
            disconnect(MqttDisconnectReasonCode.MALFORMED_PACKET, "malformed", "a malformed MQTT packet: " + cause.getMessage());
        } else {
            LOG.debug("site {}: {}", site, e.toString());
        }
    }

    private void disconnect(MqttDisconnectReasonCode code, String outcome, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        metrics.count("gmeye.agents.disconnected", "reason", outcome);
        LOG.warn("site {}: disconnecting {}: {}", site, endpoint.remoteAddress(), reason);
        if (endpoint.protocolVersion() >= 5 && endpoint.isConnected()) {
            endpoint.disconnect(code, MqttProps.reason(reason));
        } else {
            endpoint.close();
        }
    }
}
