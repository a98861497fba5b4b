package io.gmeye.hub.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.camera.CameraInventory;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera command's record (GET /api/v1/agent-commands/{id}) through the hub's log, over real
 * HTTP and MQTT on a manual clock: a PTZ command the agent takes and answers ends succeeded; one
 * it takes and never answers is timed out by the leader's judgement once the hub's clock passes its
 * deadline (not by a timer of the node that sent it), and the caller hears of it then.
 */
class AgentCommandRecordsIT {
    static final String SITE = "site-001";
    static final String DOME = "44031100001310000001";
    @TempDir
    static Path dir;
    static final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
    static TestHub hub;
    static SiteAgentClient agent;
    static final LinkedBlockingQueue<Command> taken = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 3);
        hub = TestHub.start(dir, district, clock);
        agent = hub.agent(SITE).onDownlink(e -> {
            if (e.body() instanceof Command c) {
                taken.add(c);
            }
        });
        agent.publish(Envelope.create(SITE, "agent", clock.millis(), new CameraInventory(List.of(
                new CameraInventory.Source(DOME, "NVR 1 通道 1", "gb28181", "44031100001180000001", List.of(), true)))));
        TestHub.Api api = hub.admin();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/cameras/" + DOME).status() == 200
                && api.get("/api/v1/cameras/" + DOME).json().get("camera").get("ptz").asBoolean());
    }

    @AfterAll
    static void stop() {
        agent.close();
        hub.close();
    }

    @Test
    void aCommandTheAgentAnswersEndsSucceededInItsRecord() throws Exception {
        TestHub.Api api = hub.admin();
        Sent sent = delivered(api);
        Command c = sent.command();
        CompletableFuture<TestHub.Api.Response> answer = sent.answer();
        agent.publish(Envelope.create(SITE, "agent", clock.millis(), new CommandResult(c.commandId(), CommandStatus.SUCCEEDED, null, Map.of())));

        assertThat(answer.get(30, TimeUnit.SECONDS).status()).as(answer.get().text()).isEqualTo(200);
        assertThat(status(api, c.commandId())).isEqualTo("succeeded");
        assertThat(api.get("/api/v1/agent-commands/" + c.commandId()).json().get("command").get("name").asText()).isEqualTo("camera.ptz");
    }

    @Test
    void aCommandNobodyAnswersIsTimedOutOnceTheHubsClockPassesItsDeadline() throws Exception {
        TestHub.Api api = hub.admin();
        Sent sent = delivered(api);
        Command c = sent.command();
        CompletableFuture<TestHub.Api.Response> answer = sent.answer();

        clock.advance(Duration.ofSeconds(6)); // past the PTZ command's 5 s deadline on the hub's clock

        // the leader's sweep (every 200 ms) judges it: well before the 5 s a wall-clock timer would have taken
        TestHub.Api.Response r = answer.get(4, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.text()).isEqualTo(504);
        assertThat(r.json().get("reason").asText()).isEqualTo("the agent of site " + SITE + " did not answer camera.ptz within 5000 ms");
        var record = api.get("/api/v1/agent-commands/" + c.commandId()).json();
        assertThat(record.get("status").asText()).as("read after the answer: %s", record).isEqualTo("timed_out");
        assertThat(record.get("message").asText()).isEqualTo("no answer from site " + SITE + " within 5000 ms");
        assertThat(record.get("updatedAt").asLong()).isEqualTo(clock.millis());
    }

    /** A PTZ command the operator is waiting on, and the command as the agent took it. */
    private record Sent(CompletableFuture<TestHub.Api.Response> answer, Command command) {
    }

    /** Sends a PTZ stop and waits until the agent has it and its record says delivered. */
    private static Sent delivered(TestHub.Api api) throws Exception {
        CompletableFuture<TestHub.Api.Response> answer = CompletableFuture.supplyAsync(() -> ptz(api));
        Command c = taken.poll(30, TimeUnit.SECONDS);
        assertThat(c).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(status(api, c.commandId())));
        return new Sent(answer, c);
    }

    private static TestHub.Api.Response ptz(TestHub.Api api) {
        try {
            return api.post("/api/v1/cameras/" + DOME + "/ptz", "{\"action\":\"stop\"}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String status(TestHub.Api api, String id) throws Exception {
        TestHub.Api.Response r = api.get("/api/v1/agent-commands/" + id);
        return r.status() == 200 ? r.json().get("status").asText() : "http " + r.status();
    }
}
