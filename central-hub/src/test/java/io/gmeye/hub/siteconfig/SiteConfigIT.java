package io.gmeye.hub.siteconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's configuration at the hub over real HTTP and MQTT: admins only, checked with every
 * problem by field, versioned, audited and kept across a restart; pushed to the site's agent (a
 * plain Paho client here, subscribed as the agent is) when its heartbeat reports an older
 * version, and not pushed again once the agent refused it.
 */
class SiteConfigIT {
    private static final String CONFIG = """
            {"cameras": [{"id": "cam-a", "url": "rtsp://10.1.1.1/a", "tags": ["road"]}],
             "devices": [{"id": "smoke-1", "type": "smoke_detector", "tags": ["road"]}],
             "scenes": [{"id": "cam-a-parking", "type": "parking", "camera": "cam-a", "dwell": "5m"}]}""";

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2025-05-01T08:00:00Z"));
    private TestHub hub;
    private District.SiteDef site;
    private String path;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(dir, DistrictGenerator.generate(DistrictGenerator.SMALL, 3), clock);
        site = hub.district().sites().get(0);
        path = "/api/v1/sites/" + site.id() + "/config";
        hub.importRegistry(hub.admin()); // the tag catalog a configuration's tags come from
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void anAdminPutsVersionsAndBadOnesComeBackWithEveryProblemByField() throws Exception {
        TestHub.Api admin = hub.admin();
        TestHub.Api.Response bad = admin.put(path, """
                {"cameras": [{"id": "a", "url": "rtsp://x/1"}, {"id": "a", "url": "file:/etc/passwd", "transport": "quic", "reader": "vlc"}],
                 "devices": [{"id": "d/1", "type": "smoke_detector"}],
                 "scenes": [{"type": "parking", "camera": "b"}],
                 "whitelist": {"fromVersion": 0, "toVersion": 1, "full": true}}""");
        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.json().get("problems").toString()).contains("cameras[1].id: 'a' is used twice", "cameras[1].url", "cameras[1].transport", "cameras[1].reader: 'vlc'",
                "devices[0].id", "scenes[0].id: is required", "scenes[0].camera: 'b'", "whitelist:");
        assertThat(admin.put(path, "{\"cameras\": [{\"id\": \"a\"}]}").json().get("reason").asText()).contains("cameras[0]", "url");
        StringBuilder huge = new StringBuilder("{\"cameras\": [");
        for (int i = 0; i < 3000; i++) {
            huge.append(i == 0 ? "" : ",").append("{\"id\": \"cam-").append(i).append("\", \"url\": \"rtsp://10.1.").append(i % 250)
                    .append(".1:554/Streaming/Channels/101?transportmode=unicast\"}");
        }
        TestHub.Api.Response tooBig = admin.put(path, huge.append("]}").toString());
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("reason").asText()).contains("an agent takes at most 262144");
        TestHub.Api.Response untagged = admin.put(path, CONFIG.replaceFirst("\\[\"road\"]", "[\"no-such-tag\"]"));
        assertThat(untagged.status()).as(untagged.text()).isEqualTo(400);
        assertThat(untagged.json().get("problems").toString()).contains("cameras[0].tags: no-such-tag is not in the tag catalog");
        assertThat(admin.get(path).json().get("version").asLong()).as("nothing stored").isZero();
        assertThat(admin.get("/api/v1/cameras?tag=road").text()).doesNotContain("cam-a");

        TestHub.Api.Response first = admin.put(path, CONFIG);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("version").asLong()).isEqualTo(1);
        // in the registry with their tags at once, before any report from the agent
        assertThat(admin.get("/api/v1/cameras?tag=road").text()).contains("cam-a");
        assertThat(admin.get("/api/v1/devices?tag=road").text()).contains("smoke-1");
        JsonNode second = admin.put(path, CONFIG).json();
        assertThat(second.get("version").asLong()).isEqualTo(2);
        assertThat(second.get("updatedBy").asText()).isEqualTo("admin");
        assertThat(second.get("scenes").get(0).get("dwell").asText()).isEqualTo("5m");
        assertThat(second.get("agent").get("applied").asBoolean()).isFalse();

        assertThat(admin.put("/api/v1/sites/no-such-site/config", CONFIG).status()).isEqualTo(404);
        TestHub.Api elsewhere = hub.user(admin, "ada", "admin", List.of(hub.district().sites().get(1).id()));
        assertThat(elsewhere.put(path, CONFIG).status()).as("an admin of another site").isEqualTo(403);
        assertThat(elsewhere.get(path).status()).isEqualTo(403);
        TestHub.Api olga = hub.user(admin, "olga", "operator", List.of());
        assertThat(olga.put(path, CONFIG).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/audit?target=site:" + site.id()).json().findValuesAsText("action")).containsExactly("siteconfig.put",
                "siteconfig.put");

        hub.close();
        hub = TestHub.start(dir, hub.district(), clock);
        JsonNode kept = hub.admin().get(path).json();
        assertThat(kept.get("version").asLong()).as("kept across a restart").isEqualTo(2);
        assertThat(kept.get("cameras").get(0).get("url").asText()).isEqualTo("rtsp://10.1.1.1/a");
    }

    @Test
    void anAgentBehindGetsTheCurrentVersionOnItsHeartbeatAndARefusedVersionIsNotPushedAgain() throws Exception {
        TestHub.Api admin = hub.admin();
        assertThat(admin.put(path, CONFIG).status()).isEqualTo(200);
        BlockingQueue<Envelope<?>> down = new LinkedBlockingQueue<>();
        EnvelopeCodec codec = new EnvelopeCodec();
        MqttAsyncClient agent = new MqttAsyncClient(hub.mqttUrl(), "agent-" + site.id(), new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(site.id());
            o.setPassword(site.secret().getBytes(StandardCharsets.UTF_8));
            agent.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    down.add(codec.decode(m.getPayload()));
                }

                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(IMqttToken t) {
                }

                @Override
                public void connectComplete(boolean reconnect, String uri) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties p) {
                }
            });
            agent.connect(o).waitForCompletion(10_000);
            agent.subscribe(Topics.downFilter(site.id()), 1).waitForCompletion(10_000);

            publish(agent, codec, heartbeat(0));
            Envelope<?> pushed = down.poll(30, TimeUnit.SECONDS);
            assertThat(pushed).as("pushed on a heartbeat that runs version 0").isNotNull();
            ConfigBundle b = (ConfigBundle) pushed.body();
            assertThat(b.version()).isEqualTo(1);
            assertThat(b.cameras().get(0).id()).isEqualTo("cam-a");
            assertThat(b.devices().get(0).type()).isEqualTo("smoke_detector");
            assertThat(b.whitelist()).isNull();

            publish(agent, codec, new CommandResult(pushed.id(), CommandStatus.FAILED, "devices: smoke-1.type: 'smoke_detector' is not a known device type",
                    Map.of(SiteConfigService.VERSION_KEY, 1)));
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(path).json().get("agent").get("refusedVersion").asLong() == 1);
            assertThat(admin.get(path).json().get("agent").get("refusal").asText()).contains("smoke-1.type");
            long before = admin.get(path).json().get("agent").get("reportedAt").asLong();
            clock.advance(Duration.ofSeconds(1)); // so the next heartbeat is seen to have arrived
            publish(agent, codec, heartbeat(0));
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(path).json().get("agent").get("reportedAt").asLong() > before);

            assertThat(admin.put(path, CONFIG).json().get("version").asLong()).isEqualTo(2);
            Envelope<?> next = down.poll(30, TimeUnit.SECONDS);
            assertThat(((ConfigBundle) next.body()).version()).as("the refused version was not pushed again; the new one was").isEqualTo(2);
            publish(agent, codec, new CommandResult(next.id(), CommandStatus.SUCCEEDED, null, Map.of(SiteConfigService.VERSION_KEY, 2)));
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(path).json().get("agent").get("applied").asBoolean());
            assertThat(admin.get(path).json().get("agent").get("version").asLong()).isEqualTo(2);
        } finally {
            agent.disconnect().waitForCompletion(5_000);
            agent.close();
        }
    }

    private void publish(MqttAsyncClient agent, EnvelopeCodec codec, Body body) throws Exception {
        Envelope<?> e = Envelope.create(site.id(), "agent", body);
        MqttMessage m = new MqttMessage(codec.encode(e));
        m.setQos(1);
        agent.publish(Topics.up(site.id(), e.type()), m).waitForCompletion(10_000);
    }

    private static AgentHealth heartbeat(long configVersion) {
        return new AgentHealth("test", 1000, new OutboxStats(0, 0, 0, Map.of(), 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, Map.of(), configVersion);
    }
}
