package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sentinel and its turnstile over real MQTT, a whitelist in RocksDB, records into the outbox. */
class CheckpointIT {
    static final String ALICE = "440301199001011234"; // whitelisted
    static final String CAROL = "44030119850505567X"; // whitelisted, but shows a red code
    static final String DAVE = "440301197212128888"; // on the red list
    static final String MALLORY = "110101200001010011"; // on no list

    @TempDir
    static Path dir;
    static DevicesHarness agent;
    static CheckpointFeature checkpoints;
    static MqttAsyncClient sentinel;
    static MqttAsyncClient turnstile;
    static final BlockingQueue<DeviceCommandMessage> gate = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        agent = new DevicesHarness(new TestEstate(dir).device("s-1", "sentinel", "cp-1", null).device("t-1", "turnstile", "cp-1", null)).start();
        CheckpointConfig config = new CheckpointConfig(true, Whitelists.SALT, "whitelist", 37.3, Duration.ofSeconds(5));
        checkpoints = new CheckpointFeature("site-a", agent.vertx, agent.outbox, Clock.systemUTC(), Metrics.NOOP, config, agent.feature, dir);
        checkpoints.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        checkpoints.whitelist().onDelta(new WhitelistDelta(-1, 1, false,
                List.of(Whitelists.white(ALICE), Whitelists.white(CAROL), Whitelists.listed(DAVE, "red")), List.of())).get(5, TimeUnit.SECONDS);

        turnstile = connect("t-1");
        turnstile.setCallback(commandsInto(gate));
        turnstile.subscribe("dev/v1/t-1/cmd", 1).waitForCompletion(5000);
        sentinel = connect("s-1");
    }

    @AfterAll
    static void stop() throws Exception {
        sentinel.disconnect().waitForCompletion(2000);
        turnstile.disconnect().waitForCompletion(2000);
        sentinel.close();
        turnstile.close();
        checkpoints.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        agent.close();
    }

    /** A turnstile's side: every command it is sent lands in the queue. */
    static org.eclipse.paho.mqttv5.client.MqttCallback commandsInto(BlockingQueue<DeviceCommandMessage> into) {
        return new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                into.add(Json.mapper().readValue(m.getPayload(), DeviceCommandMessage.class));
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
            }
        };
    }

    static MqttAsyncClient connect(String id) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(agent.mqttUri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(TestEstate.secret(id).getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(5000);
        return c;
    }

    static IMqttToken scan(String ref, String healthCode, double temperature) throws Exception {
        String json = "{\"name\":\"scan\",\"data\":{\"credential\":\"id_card\",\"ref\":\"" + ref + "\",\"healthCode\":\"" + healthCode
                + "\",\"temperature\":" + temperature + "}}";
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = sentinel.publish("dev/v1/s-1/event", m);
        t.waitForCompletion(5000);
        return t;
    }

    static void report(String passId, String outcome) throws Exception {
        MqttMessage m = new MqttMessage(("{\"name\":\"" + outcome + "\",\"data\":{\"passId\":\"" + passId + "\"}}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = turnstile.publish("dev/v1/t-1/event", m);
        t.waitForCompletion(5000);
        assertThat(t.getReasonCodes()).containsExactly(0);
    }

    static List<CheckpointPass> passes(String passId) {
        return agent.outbox.bodies(CheckpointPass.class).stream().filter(p -> p.passId().equals(passId)).toList();
    }

    @Test
    void aWhitelistedPersonOpensTheTurnstileAndItsPassageIsRecorded() throws Exception {
        IMqttToken t = scan(ALICE, "green", 36.5);
        assertThat(t.getReasonCodes()).containsExactly(0);
        DeviceCommandMessage cmd = gate.poll(5, TimeUnit.SECONDS);
        assertThat(cmd).isNotNull();
        assertThat(cmd.name()).isEqualTo("open");
        assertThat(cmd.params()).containsEntry("person", "4403**********1234");
        String passId = (String) cmd.params().get("passId");
        CheckpointPass decided = passes(passId).get(0);
        assertThat(decided.decision()).isEqualTo(PassDecision.ALLOW);
        assertThat(decided.personHash()).isEqualTo(Whitelists.PERSONS.hash(ALICE));
        assertThat(decided.whitelistVersion()).isEqualTo(1);
        assertThat(decided.outcome()).isNull();

        report(passId, "passed");
        assertThat(passes(passId)).hasSize(2).last().extracting(CheckpointPass::outcome).isEqualTo("passed");
    }

    @Test
    void aRedCodeKeepsTheTurnstileShutAndRaisesAnAlert() throws Exception {
        scan(CAROL, "red", 36.6);
        DeviceCommandMessage cmd = gate.poll(5, TimeUnit.SECONDS);
        assertThat(cmd.name()).isEqualTo("deny");
        String passId = (String) cmd.params().get("passId");
        assertThat(passes(passId)).singleElement().satisfies(p -> {
            assertThat(p.decision()).isEqualTo(PassDecision.DENY);
            assertThat(p.reason()).isEqualTo("red health code");
            assertThat(p.outcome()).isEqualTo("denied");
        });
        assertThat(agent.outbox.bodies(CheckpointAlert.class)).filteredOn(a -> passId.equals(a.passId())).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.DISCOVERED);
            assertThat(a.kind()).isEqualTo("red_code");
            assertThat(a.checkpoint()).isEqualTo("cp-1");
            assertThat(a.personMasked()).isEqualTo("4403**********567X");
        });
    }

    @Test
    void theRedListAFeverAndStrangersAreRefused() throws Exception {
        scan(DAVE, "green", 36.4);
        DeviceCommandMessage listed = gate.poll(5, TimeUnit.SECONDS);
        assertThat(listed.name()).isEqualTo("deny");
        assertThat(passes((String) listed.params().get("passId")).get(0).reason()).isEqualTo("on the red list");

        scan(ALICE, "green", 38.2);
        DeviceCommandMessage fever = gate.poll(5, TimeUnit.SECONDS);
        assertThat(fever.name()).isEqualTo("deny");
        assertThat(agent.outbox.bodies(CheckpointAlert.class)).anyMatch(a -> a.kind().equals("fever") && a.passId().equals(fever.params().get("passId")));

        scan(MALLORY, "green", 36.4);
        DeviceCommandMessage stranger = gate.poll(5, TimeUnit.SECONDS);
        assertThat(stranger.name()).isEqualTo("deny");
        String passId = (String) stranger.params().get("passId");
        assertThat(passes(passId).get(0).reason()).isEqualTo("not on the whitelist");
        assertThat(agent.outbox.bodies(CheckpointAlert.class)).noneMatch(a -> passId.equals(a.passId()));
    }

    @Test
    void aLaneAddedByAConfigurationFromTheHubPairsAtOnce() throws Exception {
        List<DeviceEntry> before = agent.feature.registry().entries();
        List<DeviceEntry> twoTurnstiles = new ArrayList<>(before);
        twoTurnstiles.add(new DeviceEntry("t-9", "turnstile", DeviceSecret.hash(TestEstate.secret("t-9")), null, "cp-1", List.of()));
        assertThatThrownBy(() -> agent.feature.replaceDevices(twoTurnstiles)).hasMessageContaining("checkpoint cp-1 has two turnstiles (t-1, t-9)");
        assertThat(agent.feature.registry().find("t-9")).as("a refused list changes nothing").isEmpty();

        List<DeviceEntry> lane2 = new ArrayList<>(before);
        lane2.add(new DeviceEntry("s-2", "sentinel", DeviceSecret.hash(TestEstate.secret("s-2")), null, "cp-2", List.of()));
        lane2.add(new DeviceEntry("t-2", "turnstile", DeviceSecret.hash(TestEstate.secret("t-2")), null, "cp-2", List.of()));
        agent.feature.replaceDevices(lane2);
        BlockingQueue<DeviceCommandMessage> gate2 = new LinkedBlockingQueue<>();
        MqttAsyncClient t2 = connect("t-2");
        MqttAsyncClient s2 = connect("s-2");
        try {
            t2.setCallback(commandsInto(gate2));
            t2.subscribe("dev/v1/t-2/cmd", 1).waitForCompletion(5000);
            String json = "{\"name\":\"scan\",\"data\":{\"credential\":\"id_card\",\"ref\":\"" + ALICE
                    + "\",\"healthCode\":\"green\",\"temperature\":36.5}}";
            MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            IMqttToken t = s2.publish("dev/v1/s-2/event", m);
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0);
            DeviceCommandMessage cmd = gate2.poll(10, TimeUnit.SECONDS);
            assertThat(cmd).as("the new lane's turnstile is commanded").isNotNull();
            assertThat(cmd.name()).isEqualTo("open");
            assertThat(passes((String) cmd.params().get("passId"))).first().satisfies(p -> {
                assertThat(p.checkpoint()).isEqualTo("cp-2");
                assertThat(p.turnstile()).isEqualTo("t-2");
            });
        } finally {
            s2.disconnect().waitForCompletion(2000);
            t2.disconnect().waitForCompletion(2000);
            s2.close();
            t2.close();
            agent.feature.replaceDevices(before);
        }
    }

    @Test
    void aMalformedScanIsRefusedToTheSentinelWithAReason() throws Exception {
        String json = "{\"name\":\"scan\",\"data\":{\"credential\":\"palm\",\"ref\":\"x\"}}";
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = sentinel.publish("dev/v1/s-1/event", m);
        t.waitForCompletion(5000);
        assertThat(t.getReasonCodes()).containsExactly(0x99);
        assertThat(t.getResponseProperties().getReasonString()).contains("data.credential: 'palm' is not one of id_card, face, code");
    }

    @Test
    void noRawIdNumberIsInWhatGoesUpstream() throws Exception {
        scan(ALICE, "green", 36.5);
        scan(CAROL, "red", 36.5);
        scan(MALLORY, "yellow", 36.5);
        gate.poll(5, TimeUnit.SECONDS);
        gate.poll(5, TimeUnit.SECONDS);
        gate.poll(5, TimeUnit.SECONDS);
        String upstream = new String(agent.outbox.wireBytes(), StandardCharsets.UTF_8);
        assertThat(upstream).contains("checkpoint.pass").contains(Whitelists.PERSONS.hash(MALLORY));
        for (String raw : List.of(ALICE, CAROL, DAVE, MALLORY)) {
            assertThat(upstream).doesNotContain(raw).doesNotContain(raw.substring(4, 14));
        }
    }
}
