package io.gmeye.rigs.kafka;

import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's HAProxy in front of hub nodes, configured and started by the project's cluster script
 * ({@code ./run cluster haproxy start}): HTTP balanced over nodes whose /healthz answers 200,
 * MQTT as TCP to the node with the fewest connections. Stops on close.
 */
public final class Haproxy implements AutoCloseable {
    private final ClusterScript script;
    private final int httpPort;
    private final int mqttPort;

    private Haproxy(ClusterScript script, int httpPort, int mqttPort) {
        this.script = script;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
    }

    /** Fronts the nodes' HTTP and MQTT ports on two free ports of its own. */
    public static Haproxy start(Path dir, List<Integer> nodeHttpPorts, List<Integer> nodeMqttPorts) throws IOException, InterruptedException {
        int http = FreePorts.next();
        int mqtt = FreePorts.next();
        ClusterScript script = new ClusterScript(dir, Map.of(
                "GMEYE_HUB_HTTP_PORTS", nodeHttpPorts.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "GMEYE_HUB_MQTT_PORTS", nodeMqttPorts.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "GMEYE_CLUSTER_HTTP_PORT", Integer.toString(http),
                "GMEYE_CLUSTER_MQTT_PORT", Integer.toString(mqtt)));
        script.run("haproxy", "start");
        return new Haproxy(script, http, mqtt);
    }

    public int httpPort() {
        return httpPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script.run("haproxy", "stop");
    }
}
