package io.gmeye.system;

import io.gmeye.agent.config.AgentConfig;
import io.gmeye.platform.config.YamlConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/** The configuration of a site's agent that lets devices in (the repository's device types), on loopback, for the device command tests. */
final class DeviceAgentConfig {
    private DeviceAgentConfig() {
    }

    /**
     * An agent of {@code site} reporting to the hub's MQTT port, its devices listed in {@code registry};
     * {@code endpoints} are the YAML lines under {@code devices:} that open its device endpoints
     * (mqtt, coap, commandTimeout...), each indented by two spaces.
     */
    static AgentConfig of(String site, Path dataDir, int hubPort, String secret, Path types, Path registry, String endpoints) {
        return new YamlConfigLoader("GMEYE_").loadString("agent.yaml", yaml(site, dataDir, hubPort, secret, types, registry, endpoints),
                AgentConfig.class, Map.of());
    }

    /** As {@link #of}, the agent.yaml text (for an agent run as a process). */
    static String yaml(String site, Path dataDir, int hubPort, String secret, Path types, Path registry, String endpoints) {
        return """
                site: %s
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:%d", password: %s, reconnectMin: 200ms, reconnectMax: 1s}
                health: {interval: 1s}
                devices:
                  enabled: true
                  typesDir: %s
                  registryFile: %s
                  healthInterval: 1s
                """.formatted(site, dataDir, hubPort, secret, types, registry) + endpoints;
    }
}
