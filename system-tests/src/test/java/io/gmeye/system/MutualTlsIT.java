package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.tls.PemSsl;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents over mutual TLS: the client certificate, signed by the hub's client CA, names the site.
 * A site's certificate is enough without a secret; it cannot act as another site, whatever
 * username or topic it claims; certificates of another CA and clients without one never get past
 * the handshake.
 */
class MutualTlsIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static Hub hub;
    final EnvelopeCodec codec = new EnvelopeCodec();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "district");
        TestPki.Issued server = pki.server("hub", "localhost");
        HubConfig config = new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0,
                new HubConfig.Tls(server.cert().toString(), server.key().toString(), pki.caPem().toString()), null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("site-a", null, "secret-a", null, null),
                new HubConfig.SiteSection("site-b", null, "secret-b", null, null)));
        hub = Hub.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static AgentConfig agent(String site, String password, TestPki.Issued cert) {
        return new AgentConfig(site, dir.resolve("agent-" + site + "-" + System.nanoTime()).toString(), new UplinkConfig(
                "ssl://localhost:" + hub.mqttPort(), null, password, null,
                new UplinkConfig.Tls(pki.caPem().toString(), cert.cert().toString(), cert.key().toString()),
                null, null, null, Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofMillis(300)));
    }

    private MqttAsyncClient paho(String user, String password, TestPki ca, TestPki.Issued cert) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("ssl://localhost:" + hub.mqttPort(), "paho-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setSocketFactory(PemSsl.context(pki.caPem(), cert == null ? null : cert.cert(), cert == null ? null : cert.key()).getSocketFactory());
        o.setConnectionTimeout(5);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    @Test
    void anAgentWithItsSiteCertificateAndNoSecretDeliversAsItsSite() throws Exception {
        try (Agent a = Agent.start(agent("site-a", null, pki.client("site-a")))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> a.uplink().connected() && a.uplink().delivered() > 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.estate().sites().stream()
                    .anyMatch(s -> s.id().equals("site-a") && s.health() != null));
        }
    }

    @Test
    void aCertificateForSiteACannotConnectAsSiteBEvenWithSiteBsSecret() throws Exception {
        try (Agent posing = Agent.start(agent("site-b", "secret-b", pki.client("site-a")))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(posing.uplink().lastError()).contains("135"));
            assertThat(posing.uplink().connected()).isFalse();
            assertThat(posing.uplink().delivered()).isZero();
        }
    }

    @Test
    void aCertifiedSiteCannotPublishIntoAnotherSitesTopicOrEnvelope() throws Exception {
        MqttAsyncClient c = paho(null, null, pki, pki.client("site-a"));
        try {
            Envelope<DeviceTelemetry> asB = Envelope.create("site-b", "m", new DeviceTelemetry("m", "water_meter", null, Map.of("l", 1)));
            IMqttToken t = c.publish(Topics.up("site-b", MessageType.DEVICE_TELEMETRY), new MqttMessage(codec.encode(asB), 1, false, null));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()[0]).isEqualTo(0x87);
            IMqttToken t2 = c.publish(Topics.up("site-a", MessageType.DEVICE_TELEMETRY), new MqttMessage(codec.encode(asB), 1, false, null));
            t2.waitForCompletion(5000);
            assertThat(t2.getReasonCodes()[0]).isEqualTo(0x87);
            assertThat(hub.store().get(Space.MESSAGES, Keys.bytes(asB.id()))).isNull();
            IMqttToken sub = c.subscribe(Topics.downFilter("site-b"), 1);
            sub.waitForCompletion(5000);
            assertThat(sub.getReasonCodes()[0]).isEqualTo(0x87);
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }

    @Test
    void certificatesOfAnotherAuthorityAndClientsWithoutOneNeverGetPastTheHandshake() throws Exception {
        TestPki rogue = TestPki.create(dir.resolve("rogue"), "rogue");
        assertThatThrownBy(() -> paho("site-a", "secret-a", rogue, rogue.client("site-a"))).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> paho("site-a", "secret-a", pki, null)).isInstanceOf(MqttException.class);
    }
}
