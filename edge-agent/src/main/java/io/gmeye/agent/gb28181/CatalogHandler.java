package io.gmeye.agent.gb28181;

import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.CommandReplies;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Command "gb28181.catalog" (target: a device's 20-digit id): asks the device for its catalog now,
 * as on its registration. Succeeds once the device took the query; its parts then update the
 * channels as they arrive (a channel switched off without a notification shows offline, a new one
 * joins the site's cameras). Fails with unknown_device when no such device registered here, or
 * refused with the device's answer or the reason it could not be reached.
 */
public final class CatalogHandler implements CommandHandler {
    public static final String NAME = "gb28181.catalog";

    private final GbFeature gb;
    private final Clock clock;
    private final Metrics metrics;

    public CatalogHandler(GbFeature gb, Clock clock, Metrics metrics) {
        this.gb = gb;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<CommandResult> handle(Command c) {
        if (CommandReplies.expired(c, clock.millis())) {
            return answered(CommandReplies.expiredResult(c));
        }
        String device = c.target();
        if (gb.devices().contact(device).isEmpty()) {
            return answered(CommandReplies.failed(c, "unknown_device", "no GB/T 28181 device '" + device + "' registered at this site"));
        }
        return gb.queries().catalog(device).handle((v, e) -> {
            metrics.count("gb28181.catalog.asked", "outcome", e == null ? "ok" : "refused");
            if (e == null) {
                return CommandReplies.succeeded(c, Map.of("device", device));
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return CommandReplies.failed(c, "refused", cause.getMessage());
        });
    }

    private CompletableFuture<CommandResult> answered(CommandResult r) {
        metrics.count("gb28181.catalog.asked", "outcome", String.valueOf(r.result().get("error")));
        return CompletableFuture.completedFuture(r);
    }
}
