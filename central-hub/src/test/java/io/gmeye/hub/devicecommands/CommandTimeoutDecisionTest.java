package io.gmeye.hub.devicecommands;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.audit.AuditEntry;
import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.cluster.TurnedLeadership;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LocalLog;
import io.gmeye.hub.log.LogAppliers;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.routing.LocalRouter;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's own end of a device command (expired, timed out) is the leader's decision, put into
 * the log and applied only while it still holds; time moves on a manual clock, on a real RocksDB
 * store that is its own log, as in the embedded hub.
 */
class CommandTimeoutDecisionTest {
    private static final Duration GIVE_UP = Duration.ofMinutes(10);
    private static final String SITE = "site-001";
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
    final TurnedLeadership turn = new TurnedLeadership(false);
    RocksStore store;
    AuditLog audit;
    DeviceCommandService service;

    @BeforeEach
    void open() {
        store = new RocksStore(dir, true, Metrics.NOOP);
        audit = new AuditLog(store);
        LocalLog log = new LocalLog(store);
        Commands writes = new Commands(log, "node-a", clock);
        Commands decisions = new Commands(log, "node-a", clock, LogRecord.Kind.DECISION);
        AgentSessions agents = new AgentSessions();
        String types = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath().resolve("config/device-types").toString();
        service = new DeviceCommandService(store, CommandCheck.load(types), agents, new LocalRouter(agents), writes, decisions, turn, audit, clock,
                Metrics.NOOP, new HubConfig.CommandsSection(null, null, GIVE_UP, null, null, null));
        service.load();
        log.start(new LogAppliers().on(LogRecord.Kind.COMMAND, writes).on(LogRecord.Kind.DECISION, decisions)).join();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DeviceCommand send(String id, Duration timeout) {
        long now = clock.millis();
        return service.apply(new SendCommand(id, "lamp-1", SITE, "streetlight", "turn_on", Map.of(), now + timeout.toMillis(), null, "olga", null,
                now)).join();
    }

    /** The agent's report, applied as the hub applies an agent's publish from the log. */
    private void report(String id, CommandStatus status) {
        Envelope<CommandResult> m = Envelope.create(SITE, "agent", clock.millis(), new CommandResult(id, status, null, Map.of()));
        long at = clock.millis();
        store.write(new WriteJob<Void>() {
            @Override
            public Void apply(WriteTx tx) {
                service.projection().apply(m, at, tx);
                return null;
            }

            @Override
            public void committed(Void v) {
                service.projection().committed(m, at);
            }
        }).join();
    }

    private long audited(String action) {
        return audit.newest(Long.MAX_VALUE, 100, e -> true).stream().map(AuditEntry::action).filter(action::equals).count();
    }

    @Test
    void onlyTheLeaderExpiresACommandItsAgentNeverTookAndOnlyOnce() {
        send("cmd-1", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        service.sweep().join();
        assertThat(service.find("cmd-1").state()).as("a node that does not lead judges nothing").isEqualTo(CommandStatus.QUEUED);

        turn.lead(true);
        service.sweep().join();
        DeviceCommand ended = service.find("cmd-1");
        assertThat(ended.state()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(ended.endedBy()).isEqualTo("hub");
        assertThat(ended.updatedAt()).isEqualTo(clock.millis());
        assertThat(ended.message()).contains("was not connected before the command's deadline");

        clock.advance(Duration.ofMinutes(30));
        service.sweep().join();
        assertThat(service.find("cmd-1").steps()).extracting(DeviceCommand.Step::state)
                .containsExactly(CommandStatus.QUEUED, CommandStatus.EXPIRED);
        assertThat(audited("device.command.expired")).isEqualTo(1);
        assertThat(service.openCount()).isZero();
    }

    @Test
    void aCommandTheAgentTookTimesOutOnlyGiveUpAfterPastItsDeadline() {
        turn.lead(true);
        send("cmd-2", Duration.ofSeconds(30));
        report("cmd-2", CommandStatus.SENT);
        clock.advance(Duration.ofSeconds(31));
        service.sweep().join();
        assertThat(service.find("cmd-2").state()).as("taken by its agent: the agent judges its deadline").isEqualTo(CommandStatus.SENT);

        clock.advance(GIVE_UP);
        service.sweep().join();
        DeviceCommand ended = service.find("cmd-2");
        assertThat(ended.state()).isEqualTo(CommandStatus.TIMED_OUT);
        assertThat(ended.message()).isEqualTo("no final state from the agent of site " + SITE + " within 10 min after the deadline");
        assertThat(audited("device.command.timed_out")).isEqualTo(1);
    }

    @Test
    void aCommandAnAgentTookThroughAnyNodeIsHeldTakenOnceAndNeverExpiredButAnEndedOneStaysEnded() {
        turn.lead(true);
        send("cmd-4", Duration.ofSeconds(30));
        // the "taken" record the node holding the agent writes on its PUBACK, applied here as on every node
        DeviceCommand taken = service.taken(SITE, "cmd-4").join();
        assertThat(taken.taken()).isTrue();
        assertThat(taken.state()).as("taking it is no new state").isEqualTo(CommandStatus.QUEUED);
        assertThat(service.taken(SITE, "cmd-4").join()).as("applied once").isNull();
        clock.advance(Duration.ofSeconds(31));
        service.sweep().join();
        DeviceCommand held = service.find("cmd-4");
        assertThat(held.state()).as("taken by its agent: not expired").isEqualTo(CommandStatus.QUEUED);
        assertThat(held.taken()).isTrue();
        assertThat(held.steps()).extracting(DeviceCommand.Step::state).containsExactly(CommandStatus.QUEUED);
        assertThat(audited("device.command.expired")).isZero();

        send("cmd-5", Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        service.sweep().join();
        assertThat(service.find("cmd-5").state()).isEqualTo(CommandStatus.EXPIRED);
        assertThat(service.taken(SITE, "cmd-5").join()).as("not applied to an ended command").isNull();
        assertThat(service.find("cmd-5").taken()).isFalse();
        assertThat(service.taken(SITE, "no-such-command").join()).isNull();
    }

    @Test
    void aDecisionThatNoLongerHoldsWhenAppliedChangesNothing() {
        send("cmd-3", Duration.ofSeconds(30));
        report("cmd-3", CommandStatus.SENT);
        clock.advance(Duration.ofSeconds(31));
        // judged too early (a leader whose margin was shorter): not yet giveUpAfter past the deadline at the record's time
        assertThat(service.decide(SITE, new DeviceCommandService.End("cmd-3", CommandStatus.TIMED_OUT, "early", GIVE_UP.toMillis())).join())
                .isNull();
        // judged expired on a state older than the agent's taking it
        assertThat(service.decide(SITE, new DeviceCommandService.End("cmd-3", CommandStatus.EXPIRED, "stale", 0)).join()).isNull();
        assertThat(service.find("cmd-3").state()).isEqualTo(CommandStatus.SENT);

        // the agent's final state reached the log first; a leader's timeout decided before it arrived is not applied
        report("cmd-3", CommandStatus.SUCCEEDED);
        clock.advance(GIVE_UP);
        assertThat(service.decide(SITE, new DeviceCommandService.End("cmd-3", CommandStatus.TIMED_OUT, "late", GIVE_UP.toMillis())).join())
                .isNull();
        DeviceCommand c = service.find("cmd-3");
        assertThat(c.state()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(c.endedBy()).isEqualTo("agent");
        assertThat(audited("device.command.timed_out")).isZero();
        assertThat(audited("device.command.succeeded")).isEqualTo(1);
    }
}
