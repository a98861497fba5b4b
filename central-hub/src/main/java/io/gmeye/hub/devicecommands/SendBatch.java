package io.gmeye.hub.devicecommands;

import java.util.List;

/**
 * One command to the devices a selection matched (a tag, a type, a site), as the hub applies it:
 * a command for each device, checked and recorded together with the batch in one write.
 *
 * @param skipped devices the selection matched that have no such command
 */
public record SendBatch(String batchId, String command, String reason, String actor, String tag, String type, String site, long at,
                        long deadline, List<SendCommand> commands, int skipped) {
    public SendBatch {
        commands = List.copyOf(commands);
    }
}
