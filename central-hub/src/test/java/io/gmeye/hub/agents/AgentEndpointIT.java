package io.gmeye.hub.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.testing.TestHub;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.testing.CapturedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's agent endpoint against clients nobody here wrote (mosquitto_pub) and against Paho. */
class AgentEndpointIT {
    @TempDir
    static Path dir;
    static Hub hub;
    static CapturedLog log;
    final EnvelopeCodec codec = new EnvelopeCodec();

    @BeforeAll
    static void startHub() throws Exception {
        log = new CapturedLog();
        hub = TestHub.start(dir.resolve("hub"), TestHub.site("site-a", "secret-a"), TestHub.site("site-b", "secret-b"));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
        log.close();
    }

    private record Run(int exit, String output) {
    }

    private Run mosquittoPub(String user, String password, String topic, String payload) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()), "-u", user,
                "-P", password, "-q", "1", "-d", "-t", topic, "-m", payload).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Envelope<DeviceTelemetry> telemetry(String site) {
        return Envelope.create(site, "smoke-1", new DeviceTelemetry("smoke-1", "smoke", null, Map.of("density", 0.02)));
    }

    private boolean stored(String id) {
        return hub.store().get(Space.MESSAGES, Keys.bytes(id)) != null;
    }

    private MqttClient paho(String site, String secret) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + hub.mqttPort(), "test-" + site + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(site);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        return c;
    }

    @Test
    void storesAValidEnvelopePublishedByMosquittoPosingAsAnAgent() throws Exception {
        Envelope<DeviceTelemetry> e = telemetry("site-a");
        Run r = mosquittoPub("site-a", "secret-a", Topics.up("site-a", MessageType.DEVICE_TELEMETRY), codec.encodeToString(e));
        assertThat(r.output()).contains("received PUBACK (Mid: 1, RC:0)");
        assertThat(stored(e.id())).isTrue();
    }

    @Test
    void refusesMalformedEnvelopesWithAReasonCodeAndALogLineWhileOtherConnectionsGoOn() throws Exception {
        MqttClient bystander = paho("site-b", "secret-b");
        try {
            String topic = Topics.up("site-a", MessageType.DEVICE_TELEMETRY);
            Run notJson = mosquittoPub("site-a", "secret-a", topic, "{oops");
            assertThat(notJson.output()).contains("RC:153"); // 0x99 payload format invalid
            Run missing = mosquittoPub("site-a", "secret-a", topic,
                    "{\"v\":1,\"type\":\"device.telemetry\",\"id\":\"bad-missing\",\"site\":\"site-a\",\"src\":\"x\",\"ts\":1,\"seq\":1,\"body\":{\"deviceType\":\"smoke\"}}");
            assertThat(missing.output()).contains("RC:153");
            Run otherSite = mosquittoPub("site-a", "secret-a", Topics.up("site-b", MessageType.DEVICE_TELEMETRY), codec.encodeToString(telemetry("site-b")));
            assertThat(otherSite.output()).contains("RC:135"); // 0x87 not authorized
            Run badTopic = mosquittoPub("site-a", "secret-a", "gm/v1/site-a/up/firmware", "{}");
            assertThat(badTopic.output()).contains("RC:144"); // 0x90 topic name invalid

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.text())
                    .contains("refused publish on gm/v1/site-a/up/device.telemetry: payload is not JSON")
                    .contains("refused publish on gm/v1/site-a/up/device.telemetry: body.device: is required")
                    .contains("site site-a may not publish as site site-b")
                    .contains("topic 'gm/v1/site-a/up/firmware' is not gm/v1/{site}/up/{type}"));
            assertThat(stored("bad-missing")).isFalse();

            Envelope<DeviceTelemetry> after = telemetry("site-b");
            bystander.publish(Topics.up("site-b", MessageType.DEVICE_TELEMETRY), new MqttMessage(codec.encode(after), 1, false, null));
            assertThat(stored(after.id())).isTrue();
        } finally {
            bystander.disconnect();
            bystander.close();
        }
    }

    @Test
    void tellsThePublisherWhyInTheReasonString() throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + hub.mqttPort(), "reason-test", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("site-a");
        o.setPassword("secret-a".getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(5000);
        try {
            IMqttToken t = c.publish(Topics.up("site-a", MessageType.DEVICE_TELEMETRY), new MqttMessage("[]".getBytes(), 1, false, null));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()[0]).isEqualTo(0x99);
            assertThat(t.getResponseProperties().getReasonString()).isEqualTo("an envelope must be a JSON object");
        } finally {
            c.disconnect().waitForCompletion(5000);
            c.close();
        }
    }

    @Test
    void refusesWrongCredentialsAndUnknownSites() throws Exception {
        Run wrong = mosquittoPub("site-a", "not-the-secret", Topics.up("site-a", MessageType.DEVICE_TELEMETRY), "{}");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.output()).containsIgnoringCase("bad user name or password");
        Run unknown = mosquittoPub("site-zz", "x", Topics.up("site-zz", MessageType.DEVICE_TELEMETRY), "{}");
        assertThat(unknown.exit()).isNotZero();
        assertThat(log.text()).contains("wrong secret for site site-a").contains("unknown site 'site-zz'");
    }

    @Test
    void aSecondConnectionForTheSameSiteTakesTheSessionOver() throws Exception {
        List<Integer> disconnects = new ArrayList<>();
        CompletableFuture<Integer> firstDropped = new CompletableFuture<>();
        MqttClient first = paho("site-b", "secret-b");
        first.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                disconnects.add(r.getReturnCode());
                firstDropped.complete(r.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttClient second = paho("site-b", "secret-b");
        try {
            assertThat(firstDropped.get(5, TimeUnit.SECONDS)).isEqualTo(0x8E); // session taken over
            Envelope<DeviceTelemetry> e = telemetry("site-b");
            second.publish(Topics.up("site-b", MessageType.DEVICE_TELEMETRY), new MqttMessage(codec.encode(e), 1, false, null));
            assertThat(stored(e.id())).isTrue();
            assertThat(log.text()).contains("site site-b: a new connection from");
        } finally {
            second.disconnect();
            second.close();
            first.close(true);
        }
    }
}
