package io.gmeye.system;

import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The config files of one hub with one site and that site's agent, on loopback ports, for tests that run them as processes. */
record SiteFiles(Path hubYaml, Path agentYaml, int mqttPort, int httpPort) {
    static SiteFiles write(Path dir, String site, String secret) throws IOException {
        int mqtt = FreePorts.next();
        int http = FreePorts.next();
        Path hubYaml = dir.resolve("hub.yaml");
        Files.writeString(hubYaml, """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: %d}
                http: {host: 127.0.0.1, port: %d}
                sites:
                  - {id: %s, secret: %s}
                """.formatted(dir.resolve("hub"), mqtt, http, site, secret));
        Path agentYaml = dir.resolve("agent.yaml");
        Files.writeString(agentYaml, """
                site: %s
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:%d", password: %s, reconnectMin: 200ms, reconnectMax: 1s, drainRate: 0}
                health: {interval: 1s}
                """.formatted(site, dir.resolve("agent"), mqtt, secret));
        return new SiteFiles(hubYaml, agentYaml, mqtt, http);
    }
}
