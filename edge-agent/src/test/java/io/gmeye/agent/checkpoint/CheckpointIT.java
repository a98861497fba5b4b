package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
    static final Duration WAIT = Duration.ofSeconds(10);
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
        agent = new DevicesHarness(new TestEstate(dir).device("s-1", "sentinel", "cp-1", null).device("t-1", "turnstile", "cp-1", null)
                .device("s-3", "sentinel", "cp-3", null).device("t-3", "turnstile", "cp-3", null) // t-3 never connects
                .device("s-4", "sentinel", "cp-4", null).device("t-4", "turnstile", "cp-4", null)).start();
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
        assertThat(passes(passId).get(0)).satisfies(p -> {
            assertThat(p.decision()).isEqualTo(PassDecision.DENY);
            assertThat(p.reason()).isEqualTo("red health code");
        });
        await().atMost(WAIT).until(() -> passes(passId).size() == 2);
        assertThat(passes(passId).get(1)).as("denied once the turnstile acknowledged the deny").satisfies(p -> {
            assertThat(p.outcome()).isEqualTo("denied");
            assertThat(p.reason()).isEqualTo("red health code");
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

    /** A scan at a sentinel of another lane; returns the pass records of the scan, once there are {@code records} of them. */
    static List<CheckpointPass> scanAt(MqttAsyncClient at, String sentinelId, String checkpoint, String ref, String healthCode, int records)
            throws Exception {
        int before = agent.outbox.bodies(CheckpointPass.class).size();
        String json = "{\"name\":\"scan\",\"data\":{\"credential\":\"id_card\",\"ref\":\"" + ref + "\",\"healthCode\":\"" + healthCode
                + "\",\"temperature\":36.5}}";
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = at.publish("dev/v1/" + sentinelId + "/event", m);
        t.waitForCompletion(5000);
        assertThat(t.getReasonCodes()).containsExactly(0);
        String passId = agent.outbox.bodies(CheckpointPass.class).subList(before, agent.outbox.bodies(CheckpointPass.class).size()).stream()
                .filter(p -> p.checkpoint().equals(checkpoint)).findFirst().orElseThrow().passId();
        await().atMost(WAIT).until(() -> passes(passId).size() >= records);
        return passes(passId);
    }

    @Test
    void aDenyOrAnOpenForATurnstileThatIsNotConnectedEndsUnreachableNotDenied() throws Exception {
        MqttAsyncClient s3 = connect("s-3");
        try {
            List<CheckpointPass> deny = scanAt(s3, "s-3", "cp-3", CAROL, "red", 1);
            assertThat(deny).singleElement().satisfies(p -> {
                assertThat(p.decision()).isEqualTo(PassDecision.DENY);
                assertThat(p.outcome()).as("the turnstile was never told").isEqualTo("unreachable");
                assertThat(p.reason()).isEqualTo("red health code; turnstile t-3 is not connected");
            });
            assertThat(scanAt(s3, "s-3", "cp-3", ALICE, "green", 1)).singleElement().satisfies(p -> {
                assertThat(p.decision()).isEqualTo(PassDecision.ALLOW);
                assertThat(p.outcome()).isEqualTo("unreachable");
            });
        } finally {
            s3.disconnect().waitForCompletion(2000);
            s3.close();
        }
    }

    @Test
    void aCommandTheTurnstileNeverAcknowledgesEndsThePassUnreachableWithTheReasonForADenyAndAnOpen() throws Exception {
        MqttAsyncClient s4 = connect("s-4");
        for (String[] scan : List.of(new String[] {CAROL, "red", "DENY"}, new String[] {ALICE, "green", "ALLOW"})) {
            // a turnstile that takes the command off the wire but goes away before it acknowledges it (manual acks, never given)
            BlockingQueue<DeviceCommandMessage> got = new LinkedBlockingQueue<>();
            MqttAsyncClient t4 = new MqttAsyncClient(agent.mqttUri(), "t-4", new MemoryPersistence());
            t4.setManualAcks(true);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("t-4");
            o.setPassword(TestEstate.secret("t-4").getBytes(StandardCharsets.UTF_8));
            t4.setCallback(commandsInto(got));
            t4.connect(o).waitForCompletion(5000);
            t4.subscribe("dev/v1/t-4/cmd", 1).waitForCompletion(5000);
            List<CheckpointPass> first = scanAt(s4, "s-4", "cp-4", scan[0], scan[1], 1);
            assertThat(first.get(0).decision()).isEqualTo(PassDecision.valueOf(scan[2]));
            assertThat(first.get(0).outcome()).as("nothing is recorded as told before the turnstile has it").isNull();
            assertThat(got.poll(5, TimeUnit.SECONDS)).as("the command reached the turnstile's client").isNotNull();
            t4.disconnectForcibly(0, 1000, false);
            t4.close();
            await().atMost(WAIT).until(() -> passes(first.get(0).passId()).size() == 2);
            assertThat(passes(first.get(0).passId()).get(1)).satisfies(p -> {
                assertThat(p.outcome()).isEqualTo("unreachable");
                assertThat(p.reason()).contains("turnstile t-4 did not take the command: t-4 disconnected before acknowledging the command");
            });
        }
        s4.disconnect().waitForCompletion(2000);
        s4.close();
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
