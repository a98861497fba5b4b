package io.gmeye.hub.command;

import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.inspection.Snapshot;

/**
 * What an agent answered: a command result, or for a snapshot on call the picture itself
 * ({@code jpeg} and its {@code snapshot} description; {@code result} is then null).
 */
public record CommandReply(CommandResult result, Snapshot snapshot, byte[] jpeg) {
}
