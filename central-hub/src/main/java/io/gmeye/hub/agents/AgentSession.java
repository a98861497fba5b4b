package io.gmeye.hub.agents;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPubAckMessage;
import java.util.HashMap;
import java.util.Map;

/** One connected agent: its endpoint and the downlink publishes awaiting its PUBACK. Event-loop confined. */
public final class AgentSession {
    private final String site;
    private final MqttEndpoint endpoint;
    private final long connectedAt;
    private final String remote;
    private final Map<Integer, Promise<Void>> awaitingAck = new HashMap<>();

    AgentSession(String site, MqttEndpoint endpoint, long connectedAt) {
        this.site = site;
        this.endpoint = endpoint;
        this.connectedAt = connectedAt;
        this.remote = String.valueOf(endpoint.remoteAddress());
        endpoint.publishAcknowledgeMessageHandler(this::acked);
    }

    public String site() {
        return site;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public String remote() {
        return remote;
    }

    MqttEndpoint endpoint() {
        return endpoint;
    }

    /** Publishes QoS 1 to the agent; completes when the agent's PUBACK arrives. */
    public Future<Void> publish(String topic, byte[] payload) {
        if (!endpoint.isConnected()) {
            return Future.failedFuture(new GmeyeException(ErrorKind.UNAVAILABLE, "agent of site " + site + " is not connected"));
        }
        Promise<Void> acked = Promise.promise();
        return endpoint.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false).compose(id -> {
            awaitingAck.put(id, acked);
            return acked.future();
        });
    }

    private void acked(MqttPubAckMessage m) {
        Promise<Void> p = awaitingAck.remove(m.messageId());
        if (p == null) {
            return;
        }
        if (m.code() != null && (m.code().value() & 0x80) != 0) {
            p.fail(new GmeyeException(ErrorKind.UNAVAILABLE, "agent of site " + site + " refused the message: " + m.code()));
        } else {
            p.complete();
        }
    }

    void closed() {
        GmeyeException gone = new GmeyeException(ErrorKind.UNAVAILABLE, "agent of site " + site + " disconnected before acknowledging");
        awaitingAck.values().forEach(p -> p.tryFail(gone));
        awaitingAck.clear();
    }
}
