package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink over TLS: an agent that trusts the hub's certificate gets through; one that does not is told why. */
class TlsUplinkIT {
    @TempDir
    Path dir;

    private static AgentConfig agent(Path data, int port, UplinkConfig.Tls tls) {
        return new AgentConfig("tls-site", data.toString(), new UplinkConfig("ssl://localhost:" + port, null, "tls-secret", null, tls,
                null, null, null, Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofMillis(300)));
    }

    @Test
    void agentsReachTheHubOverTlsOnlyWhenTheyTrustItsCertificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        HubConfig config = new HubConfig(dir.resolve("hub").toString(),
                new HubConfig.MqttSection("127.0.0.1", 0, new HubConfig.Tls(cert.certificatePath(), cert.privateKeyPath(), null), null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("tls-site", null, "tls-secret", null, null)));
        Hub hub = Hub.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            try (Agent untrusting = Agent.start(agent(dir.resolve("a1"), hub.mqttPort(), null))) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(untrusting.uplink().lastError()).containsIgnoringCase("certif"));
                assertThat(untrusting.uplink().connected()).isFalse();
            }
            try (Agent trusting = Agent.start(agent(dir.resolve("a2"), hub.mqttPort(), new UplinkConfig.Tls(cert.certificatePath(), null, null)))) {
                await().atMost(Duration.ofSeconds(15)).until(() -> trusting.uplink().connected() && trusting.uplink().delivered() > 0);
                await().atMost(Duration.ofSeconds(5)).until(() -> hub.estate().sites().stream()
                        .anyMatch(s -> s.id().equals("tls-site") && s.health() != null));
            }
        } finally {
            hub.close();
        }
    }
}
