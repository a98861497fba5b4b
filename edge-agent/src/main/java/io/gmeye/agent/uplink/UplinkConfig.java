package io.gmeye.agent.uplink;

import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import java.time.Duration;

/**
 * How the agent reaches its hub.
 *
 * @param url           tcp://host:port or ssl://host:port; several hub nodes of a cluster comma-separated, tried in order
 *                      at each connect, so the agent fails over to the next with its outbox intact
 * @param username      the site id unless set
 * @param password      the site's secret at the hub; optional with a client certificate (tls.cert), which names the site itself
 * @param inflight      publishes awaiting PUBACK at once (the window)
 * @param batchMessages most envelopes in one batch publish
 * @param batchBytes    most bytes in one batch publish
 * @param drainRate     most messages per second while draining a backlog (protects the hub after an outage; 0 = no limit)
 */
public record UplinkConfig(
        String url,
        String username,
        String password,
        String clientId,
        Tls tls,
        Integer inflight,
        Integer batchMessages,
        ByteSize batchBytes,
        Duration reconnectMin,
        Duration reconnectMax,
        Integer drainRate,
        Duration keepAlive,
        Duration connectTimeout) implements Validated {

    /** PEM files: the CA that signed the hub's certificate, and the agent's own certificate and key for mutual TLS. */
    public record Tls(String ca, String cert, String key) {
    }

    public UplinkConfig {
        inflight = inflight == null ? 32 : inflight;
        batchMessages = batchMessages == null ? 1000 : batchMessages;
        batchBytes = batchBytes == null ? new ByteSize(256 * 1024) : batchBytes;
        reconnectMin = reconnectMin == null ? Duration.ofMillis(500) : reconnectMin;
        reconnectMax = reconnectMax == null ? Duration.ofSeconds(30) : reconnectMax;
        drainRate = drainRate == null ? 20_000 : drainRate;
        keepAlive = keepAlive == null ? Duration.ofSeconds(30) : keepAlive;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** The hub nodes to try, in order. */
    public java.util.List<String> urls() {
        return java.util.Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    @Override
    public void validate() {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: must be tcp://host:port or ssl://host:port, got '" + url + "'");
        }
        for (String u : urls()) {
            if (!(u.startsWith("tcp://") || u.startsWith("ssl://"))) {
                throw new IllegalArgumentException("url: must be tcp://host:port or ssl://host:port (several comma-separated), got '" + u + "'");
            }
        }
        if (urls().stream().map(u -> u.substring(0, 6)).distinct().count() > 1) {
            throw new IllegalArgumentException("url: the hub nodes must all be tcp:// or all ssl://, got '" + url + "'");
        }
        if ((password == null || password.isEmpty()) && (tls == null || tls.cert() == null)) {
            throw new IllegalArgumentException("password: is required (the site's secret at the hub) unless tls.cert gives a client certificate");
        }
        if (tls != null && (tls.cert() == null) != (tls.key() == null)) {
            throw new IllegalArgumentException("tls: cert and key go together (the client certificate and its PKCS#8 key)");
        }
        if (inflight < 1 || inflight > 1000) {
            throw new IllegalArgumentException("inflight: must be 1..1000, got " + inflight);
        }
        if (batchMessages < 1) {
            throw new IllegalArgumentException("batchMessages: must be at least 1");
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax: must not be below reconnectMin");
        }
        if (drainRate < 0) {
            throw new IllegalArgumentException("drainRate: must be 0 (no limit) or positive");
        }
    }
}
