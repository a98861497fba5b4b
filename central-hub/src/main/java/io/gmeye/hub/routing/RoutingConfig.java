package io.gmeye.hub.routing;

import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How a cluster's hub nodes find each other for routing (hub.yaml {@code cluster.routing}):
 * Hazelcast members joined by a fixed list over TCP/IP (no multicast), bound to one interface,
 * and Vert.x's clustered event bus on the same interface.
 *
 * @param host          the interface this node binds and announces (Hazelcast and the event bus)
 * @param port          this node's Hazelcast member port
 * @param members       every node's host:port, comma-separated (this one may be among them)
 * @param eventBusPort  the clustered event bus's port; 0: any free one (announced through Hazelcast)
 * @param memberTimeout how long a silent member (killed, cut off) stays in the cluster before the others drop it and its sites
 */
public record RoutingConfig(String host, Integer port, String members, Integer eventBusPort, Duration memberTimeout) implements Validated {
    public RoutingConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 5701 : port;
        members = members == null ? host + ":" + port : members;
        eventBusPort = eventBusPort == null ? 0 : eventBusPort;
        memberTimeout = memberTimeout == null ? Duration.ofSeconds(10) : memberTimeout;
    }

    public static RoutingConfig of(int port, String members) {
        return new RoutingConfig(null, port, members, null, null);
    }

    public List<String> memberList() {
        return Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public void validate() {
        if (host.isBlank() || host.contains(",") || host.contains(":") && !host.contains("[")) {
            throw new IllegalArgumentException("host: one interface address (such as 127.0.0.1), got '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: 1..65535, got " + port);
        }
        if (memberList().isEmpty() || !memberList().stream().allMatch(m -> m.matches("[^,\\s:]+:\\d{1,5}"))) {
            throw new IllegalArgumentException("members: host:port[,host:port...] of every node, got '" + members + "'");
        }
        if (eventBusPort < 0 || eventBusPort > 65535) {
            throw new IllegalArgumentException("eventBusPort: 0 (any free port) or 1..65535, got " + eventBusPort);
        }
        if (memberTimeout.toSeconds() < 2) {
            throw new IllegalArgumentException("memberTimeout: at least 2s, got " + memberTimeout);
        }
    }
}
