package io.gmeye.agent.app;

import io.gmeye.agent.config.AgentConfig;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.device.DeviceSecret;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an agent from its YAML file: {@code java io.gmeye.agent.app.AgentMain agent.yaml}, or
 * {@code AgentMain hash-device-secret PASSWORD} to print the stored form of a device's MQTT
 * password for the device registry file ({@code sha256$salt$hash}).
 */
public final class AgentMain {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

    private AgentMain() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && "hash-device-secret".equals(args[0])) {
            System.out.println(DeviceSecret.hash(args[1]));
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "config/agent.yaml");
        AgentConfig config;
        try {
            config = new YamlConfigLoader("GMEYE_").load(file, AgentConfig.class, System.getenv());
        } catch (ConfigException e) {
            System.err.println("gmeye agent: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = Agent.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        LOG.info("agent for site {} running; hub {}", config.site(), config.hub().url());
    }
}
