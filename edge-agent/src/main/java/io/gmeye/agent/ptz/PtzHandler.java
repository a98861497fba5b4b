package io.gmeye.agent.ptz;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.PtzRequest;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.CommandReplies;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Command "camera.ptz" (target: a camera, params: a {@link PtzRequest}): handed to the protocol
 * that holds the camera. Succeeds once the camera accepted; fails with a reason and an error code
 * (unknown_camera, bad_request, refused) otherwise.
 */
public final class PtzHandler implements CommandHandler {
    public static final String NAME = "camera.ptz";

    private final List<PtzControl> controls;
    private final Clock clock;
    private final Metrics metrics;

    public PtzHandler(List<PtzControl> controls, Clock clock, Metrics metrics) {
        this.controls = List.copyOf(controls);
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<CommandResult> handle(Command c) {
        if (CommandReplies.expired(c, clock.millis())) {
            return answered(CommandReplies.expiredResult(c));
        }
        PtzRequest request;
        try {
            request = PtzRequest.fromParams(c.params());
        } catch (IllegalArgumentException e) {
            return answered(CommandReplies.failed(c, "bad_request", e.getMessage()));
        }
        PtzControl control = controls.stream().filter(p -> p.holds(c.target())).findFirst().orElse(null);
        if (control == null) {
            return answered(CommandReplies.failed(c, "unknown_camera", "no PTZ camera '" + c.target() + "' at this site (GB/T 28181 or ONVIF)"));
        }
        return control.ptz(c.target(), request).handle((v, e) -> {
            metrics.count("camera.ptz", "outcome", e == null ? "ok" : "refused");
            if (e == null) {
                return CommandReplies.succeeded(c, Map.of("action", request.action()));
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return CommandReplies.failed(c, "refused", cause.getMessage());
        });
    }

    private CompletableFuture<CommandResult> answered(CommandResult r) {
        metrics.count("camera.ptz", "outcome", String.valueOf(r.result().get("error")));
        return CompletableFuture.completedFuture(r);
    }
}
