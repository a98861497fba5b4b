package io.gmeye.hub.devicecommands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.TestHub;
import io.gmeye.hub.views.TwoNodes;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hub nodes in one JVM on a real Kafka broker (its own JVM) and real Hazelcast routing: the
 * agent's acknowledgement of a device command reaches every node through the log, so the
 * leader never judges "expired, the agent did not take it" a command an agent on the other node
 * took; it judges it timed out instead, as a taken command with no final state. Time moves on a
 * clock both nodes share.
 */
class CommandTakenAcrossNodesIT {
    private static final String SITE = "site-001";
    private static final Duration GIVE_UP = Duration.ofMinutes(10);
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T09:00:00Z"));

    @Test
    void theLeaderDoesNotExpireACommandTheAgentOnAnotherNodeTookAndTimesItOutOnEveryNode() throws Exception {
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 2);
        try (TwoNodes nodes = TwoNodes.start(dir, district, clock, "taken-test",
                c -> c.withCommands(new HubConfig.CommandsSection(null, null, GIVE_UP, null, null, null)))) {
            TestHub leader = nodes.leader();
            TestHub other = nodes.other();

            TestHub.Api admin = leader.admin();
            TestHub.Api.Response imported = admin.post("/api/v1/registry/import", Json.mapper().writeValueAsString(Map.of("devices",
                    List.of(Map.of("id", "lamp-1", "site", SITE, "type", "streetlight")))));
            assertThat(imported.status()).as(imported.text()).isEqualTo(200);

            BlockingQueue<Command> got = new LinkedBlockingQueue<>();
            SiteAgentClient agent = other.agent(SITE).onDownlink(e -> {
                if (e.body() instanceof Command c) {
                    got.add(c); // the PUBACK follows, to the node that does not lead (the connection is registered before its CONNACK)
                }
            });

            TestHub.Api.Response sent = admin.post("/api/v1/devices/lamp-1/commands", "{\"command\":\"turn_on\",\"timeout\":30}");
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String id = sent.json().get("id").asText();
            Command c = got.poll(30, TimeUnit.SECONDS);
            assertThat(c).as("the agent on the other node got the command").isNotNull();
            assertThat(c.commandId()).isEqualTo(id);

            // the agent reported nothing yet: its acknowledgement alone, through the log, makes it taken on every node
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(leader.hub().deviceCommands().find(id).taken()).as("taken, as the leader holds it").isTrue();
                assertThat(other.hub().deviceCommands().find(id).taken()).as("taken, as the agent's node holds it").isTrue();
            });

            clock.advance(Duration.ofSeconds(31));
            leader.hub().deviceCommands().sweep().join();
            for (TestHub n : List.of(leader, other)) {
                DeviceCommand now = n.hub().deviceCommands().find(id);
                assertThat(now.state()).as("past its deadline, but taken: the agent judges it").isEqualTo(CommandStatus.QUEUED);
                assertThat(now.steps()).extracting(DeviceCommand.Step::state).containsExactly(CommandStatus.QUEUED);
            }

            clock.advance(GIVE_UP);
            leader.hub().deviceCommands().sweep().join();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (TestHub n : List.of(leader, other)) {
                    DeviceCommand now = n.hub().deviceCommands().find(id);
                    assertThat(now.state()).isEqualTo(CommandStatus.TIMED_OUT);
                    assertThat(now.message()).isEqualTo("no final state from the agent of site " + SITE + " within 10 min after the deadline");
                }
            });

            // the agent's final word, though late, stands over the hub's judgement on every node
            agent.publish(Envelope.create(SITE, "agent", clock.millis(), new CommandResult(id, CommandStatus.SUCCEEDED, null, Map.of())));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (TestHub n : List.of(leader, other)) {
                    DeviceCommand now = n.hub().deviceCommands().find(id);
                    assertThat(now.state()).isEqualTo(CommandStatus.SUCCEEDED);
                    assertThat(now.endedBy()).isEqualTo("agent");
                }
            });
        }
    }
}
