package io.gmeye.agent.camera.record;

import io.gmeye.agent.uplink.CommandReplies;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The hub's recording commands (target: the camera; params {@code from}, {@code to}, agent time in
 * epoch ms): {@code recordings.list} answers the segments and gaps; {@code recordings.export}
 * makes one MP4 of the range, kept with the clips, and answers its clip reference (the hub then
 * fetches it with clip.chunk). Fails with a reason a person can act on.
 */
public final class RecordingCommands {
    public static final String LIST = "recordings.list";
    public static final String EXPORT = "recordings.export";
    /** The longest range one export may cover. */
    static final long MAX_EXPORT_MS = 3_600_000;

    private RecordingCommands() {
    }

    public static CommandHandler list(Function<String, Boolean> knows, ListingSource listings) {
        return c -> {
            long[] range = range(c);
            if (range == null) {
                return done(CommandReplies.failed(c, "bad_request", "recordings.list needs from and to (epoch ms), from before to"));
            }
            if (!knows.apply(c.target())) {
                return done(CommandReplies.failed(c, "unknown_camera", "no camera '" + c.target() + "' at this site"));
            }
            Optional<Listing> l = listings.list(c.target(), range[0], range[1]);
            if (l.isEmpty()) {
                return done(CommandReplies.failed(c, "not_recorded", "this site keeps no recordings"));
            }
            Listing x = l.get();
            return done(CommandReplies.succeeded(c, Map.of("camera", x.camera(), "from", x.from(), "to", x.to(),
                    "segments", spans(x.segments(), true), "gaps", spans(x.gaps(), false))));
        };
    }

    public static CommandHandler export(Exporter exporter) {
        return c -> {
            long[] range = range(c);
            if (range == null || range[1] - range[0] > MAX_EXPORT_MS) {
                return done(CommandReplies.failed(c, "bad_request", "recordings.export needs from and to (epoch ms), from before to, at most "
                        + MAX_EXPORT_MS / 60_000 + " minutes apart"));
            }
            return exporter.export(c.target(), range[0], range[1])
                    .thenApply(ref -> CommandReplies.succeeded(c, Map.of("clip", Map.of("id", ref.id(), "camera", ref.camera(), "from", ref.from(),
                            "to", ref.to()))))
                    .exceptionally(e -> {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        String error = cause instanceof IllegalArgumentException ? "not_recorded" : "export_failed";
                        return CommandReplies.failed(c, error, cause.getMessage());
                    });
        };
    }

    /** A camera's listing, empty when the site keeps no recordings. */
    public interface ListingSource {
        Optional<Listing> list(String camera, long from, long to);
    }

    /** Makes an export of a range. */
    public interface Exporter {
        CompletableFuture<ClipRef> export(String camera, long from, long to);
    }

    private static List<Map<String, Object>> spans(List<Listing.Span> spans, boolean bytes) {
        return spans.stream().map(s -> bytes ? Map.<String, Object>of("from", s.from(), "to", s.to(), "bytes", s.bytes())
                : Map.<String, Object>of("from", s.from(), "to", s.to())).toList();
    }

    private static long[] range(Command c) {
        Object from = c.params().get("from");
        Object to = c.params().get("to");
        if (!(from instanceof Number f) || !(to instanceof Number t) || t.longValue() <= f.longValue()) {
            return null;
        }
        return new long[] {f.longValue(), t.longValue()};
    }

    private static CompletableFuture<CommandResult> done(CommandResult r) {
        return CompletableFuture.completedFuture(r);
    }
}
