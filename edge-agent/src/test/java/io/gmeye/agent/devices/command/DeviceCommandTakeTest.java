package io.gmeye.agent.devices.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.uplink.KeepingCommandHandler;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the hub's device.command counts as taken: only once the agent has it durable (the uplink's PUBACK waits for that). */
class DeviceCommandTakeTest {
    @TempDir
    Path dir;

    @Test
    void aCommandIsTakenOnlyOnceItsQueuedStateIsDurableAndARefusalOnceItIsReported() throws Exception {
        try (DevicesHarness agent = new DevicesHarness(new TestEstate(dir).device("lamp-1", "streetlight")).start()) {
            KeepingCommandHandler commands = (KeepingCommandHandler) agent.feature.commandHandler();
            agent.outbox.hold();
            CompletableFuture<Void> taken = commands.take(new Command("cmd-1", DeviceCommands.NAME, "lamp-1", Map.of("command", "turn_on"), 0));
            CompletableFuture<Void> refused = commands.take(new Command("cmd-2", DeviceCommands.NAME, "lamp-9", Map.of("command", "turn_on"), 0));
            assertThat(taken).as("the outbox holds the write back: not durable yet").isNotDone();
            assertThat(refused).isNotDone();

            agent.outbox.release();
            taken.get(10, TimeUnit.SECONDS);
            refused.get(10, TimeUnit.SECONDS);
            assertThat(agent.outbox.state(KeptCommand.PREFIX)).containsOnlyKeys(KeptCommand.key("cmd-1"));
            assertThat(agent.outbox.bodies(CommandResult.class)).extracting(CommandResult::commandId, CommandResult::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cmd-1", CommandStatus.QUEUED),
                            org.assertj.core.groups.Tuple.tuple("cmd-2", CommandStatus.FAILED));
        }
    }

    @Test
    void refusesAtTheAgentArgumentsTheTypeDoesNotAllowAndCommandsOnlyTheAgentSendsWithEveryProblem() throws Exception {
        try (DevicesHarness agent = new DevicesHarness(new TestEstate(dir).device("lamp-1", "streetlight").device("t-1", "turnstile")).start()) {
            KeepingCommandHandler commands = (KeepingCommandHandler) agent.feature.commandHandler();
            CommandResult bad = commands.handle(new Command("cmd-1", DeviceCommands.NAME, "lamp-1",
                    Map.of("command", "dim", "args", Map.of("level", 140, "colour", "red")), 0)).get(10, TimeUnit.SECONDS);
            assertThat(bad.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(bad.message()).contains("args.level: 140.0 % is above the maximum 100.0")
                    .contains("args.colour: not declared for command dim of type streetlight");
            CommandResult open = commands.handle(new Command("cmd-2", DeviceCommands.NAME, "t-1",
                    Map.of("command", "open", "args", Map.of("passId", "p-1")), 0)).get(10, TimeUnit.SECONDS);
            assertThat(open.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(open.message()).contains("sent by the agent itself");
            CommandResult notAnObject = commands.handle(new Command("cmd-3", DeviceCommands.NAME, "lamp-1",
                    Map.of("command", "dim", "args", "40"), 0)).get(10, TimeUnit.SECONDS);
            assertThat(notAnObject.message()).isEqualTo("params.args: expected an object of arguments, got '40'");
            assertThat(agent.outbox.state(KeptCommand.PREFIX)).as("nothing refused is kept").isEmpty();
        }
    }
}
