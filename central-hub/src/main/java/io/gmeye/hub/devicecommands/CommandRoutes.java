package io.gmeye.hub.devicecommands;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.InvalidBody;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.platform.limits.RateLimit;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.fields.Fields;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Operators command devices: POST /api/v1/devices/{id}/commands (one device), POST
 * /api/v1/commands/batch (the devices of a tag or a type), GET /api/v1/commands (filtered, newest
 * first), /api/v1/commands/{id} and /api/v1/commands/batches/{id} (with its summary). Sending
 * needs the operator role and the device's site in scope; reading, a viewer in scope. Each
 * operator's commands and batches are rate limited; a batch is limited in size.
 */
public final class CommandRoutes implements ApiRoutes {
    /** What an operator asks of one device; {@code timeout} in seconds. */
    public record CommandForm(String command, Map<String, Object> args, Integer timeout, String reason) {
    }

    /** What an operator asks of the devices of a tag or a type (or both), optionally within one site. */
    public record BatchForm(String command, Map<String, Object> args, Integer timeout, String reason, String tag, String type, String site) {
    }

    private final DeviceCommandService commands;
    private final Registry registry;
    private final Clock clock;
    private final Map<String, RateLimit> singles = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> batches = new ConcurrentHashMap<>();

    public CommandRoutes(DeviceCommandService commands, Registry registry, Clock clock) {
        this.commands = commands;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/devices/:id/commands").handler(this::send);
        router.post("/api/v1/commands/batch").handler(this::sendBatch);
        router.get("/api/v1/commands").handler(this::list);
        router.get("/api/v1/commands/batches/:id").handler(ctx -> {
            Principal p = Access.require(ctx, Role.VIEWER);
            String id = Params.path(ctx, "id");
            Bodies.blocking(ctx, () -> {
                CommandBatch b = commands.batch(id);
                if (b == null) {
                    throw GmeyeException.notFound("no command batch " + id);
                }
                if (!p.allSites() && !p.name().equals(b.sentBy()) && (b.site() == null || !p.canSee(b.site()))) {
                    throw GmeyeException.forbidden(p.name() + " may not see batch " + id + " (it spans sites outside " + p.name() + "'s scope)");
                }
                return b.view();
            });
        });
        router.get("/api/v1/commands/:id").handler(ctx -> {
            Principal p = Access.require(ctx, Role.VIEWER);
            String id = Params.path(ctx, "id");
            Bodies.blocking(ctx, () -> {
                DeviceCommand c = commands.find(id);
                if (c == null) {
                    throw GmeyeException.notFound("no command " + id);
                }
                Access.site(p, c.site());
                return c;
            });
        });
    }

    private void send(RoutingContext ctx) {
        Principal p = Access.require(ctx, Role.OPERATOR);
        String id = Params.path(ctx, "id");
        Tagged<DeviceEntry> d = registry.devices().get(id);
        if (d == null) {
            throw GmeyeException.notFound("no device " + id);
        }
        DeviceEntry device = d.entry();
        Access.site(p, device.site());
        CommandForm form = Bodies.read(ctx, CommandForm.class);
        long now = clock.millis();
        long deadline = now + timeoutMs(form.timeout());
        SendCommand s = new SendCommand(Ulid.next(now), device.id(), device.site(), device.type(), form.command(), form.args(), deadline,
                CommandCheck.keptReason(form.reason()), p.name(), null, now);
        invalid(commands.problems(s)); // a refused command does not count against the operator's rate
        taken(singles, p, commands.config().commandsPerMinute(), "commands");
        accepted(ctx, commands.apply(s));
    }

    private void sendBatch(RoutingContext ctx) {
        Principal p = Access.require(ctx, Role.OPERATOR);
        BatchForm form = Bodies.read(ctx, BatchForm.class);
        if (form.site() != null && !form.site().isBlank()) {
            Access.site(p, form.site());
        }
        String site = blank(form.site());
        String tag = blank(form.tag());
        String type = blank(form.type());
        List<String> problems = new ArrayList<>();
        if (tag == null && type == null) {
            problems.add("tag, type: give a tag, a device type or both: a batch goes to the devices they select");
        }
        if (form.command() == null || form.command().isBlank()) {
            problems.add("command: is required");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBody(problems);
        }
        int tagId = tag == null ? Integer.MIN_VALUE : registry.tagFilter(tag);
        Predicate<Tagged<DeviceEntry>> selected = d -> p.canSee(d.entry().site()) && (site == null || site.equals(d.entry().site()))
                && (tag == null || d.has(tagId)) && (type == null || type.equals(d.entry().type()));
        List<DeviceEntry> targets = new ArrayList<>();
        int skipped = 0;
        for (Tagged<DeviceEntry> d : registry.devices().values()) {
            if (selected.test(d)) {
                boolean has = commands.check().type(d.entry().type()).flatMap(t -> t.command(form.command())).filter(c -> !c.agentOnly()).isPresent();
                if (has) {
                    targets.add(d.entry());
                } else {
                    skipped++;
                }
            }
        }
        String what = (type == null ? "device" : "device of type " + type) + (tag == null ? "" : " under tag " + tag)
                + (site == null ? "" : " in site " + site);
        if (targets.isEmpty()) {
            throw new InvalidBody(List.of((tag != null ? "tag" : "type") + ": no " + what + " in your scope has the command '"
                    + Fields.safe(form.command()) + "'" + (skipped > 0 ? " (" + skipped + " matched without it)" : "")));
        }
        int max = commands.config().batchMax();
        if (targets.size() > max) {
            throw new InvalidBody(List.of((tag != null ? "tag" : "type") + ": selects " + targets.size() + " devices; a batch commands at most "
                    + max + " (commands.batchMax in hub.yaml): narrow it by site, tag or type"));
        }
        long now = clock.millis();
        long deadline = now + timeoutMs(form.timeout());
        String reason = CommandCheck.keptReason(form.reason());
        targets.sort(Comparator.comparing(DeviceEntry::id));
        String batchId = "batch-" + Ulid.next(now);
        List<SendCommand> each = new ArrayList<>();
        for (DeviceEntry d : targets) {
            each.add(new SendCommand(Ulid.next(now), d.id(), d.site(), d.type(), form.command(), form.args(), deadline, reason, p.name(), batchId, now));
        }
        String batchSite = site != null ? site : targets.stream().map(DeviceEntry::site).distinct().count() == 1 ? targets.get(0).site() : null;
        SendBatch batch = new SendBatch(batchId, form.command(), reason, p.name(), tag, type, batchSite, now, deadline, each, skipped);
        invalid(commands.problems(batch));
        taken(batches, p, commands.config().batchesPerMinute(), "batches");
        CompletableFuture<CommandBatch> done = commands.apply(batch);
        accepted(ctx, done.thenApply(CommandBatch::view));
    }

    private void list(RoutingContext ctx) {
        Principal p = Access.require(ctx, Role.VIEWER);
        String site = Access.siteParam(ctx, p);
        String device = Params.text(ctx, "device");
        String batch = Params.text(ctx, "batch");
        String sentBy = Params.text(ctx, "sentBy");
        String state = Params.text(ctx, "state");
        CommandStatus status = state == null || state.equals("open") ? null : Params.parsed(ctx, "state", CommandStatus::of);
        boolean openOnly = "open".equals(state);
        long since = Params.time(ctx, "since", 0);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        Predicate<DeviceCommand> in = c -> p.canSee(c.site()) && (site == null || site.equals(c.site())) && (device == null || device.equals(c.device()))
                && (batch == null || batch.equals(c.batch())) && (sentBy == null || sentBy.equals(c.sentBy()))
                && (status == null || status == c.state()) && (!openOnly || !c.ended());
        Bodies.blocking(ctx, () -> commands.newest(since, limit, in));
    }

    private long timeoutMs(Integer seconds) {
        if (seconds == null) {
            return commands.config().defaultTimeout().toMillis();
        }
        long max = commands.config().maxTimeout().toSeconds();
        if (seconds < 1 || seconds > max) {
            throw new InvalidBody(List.of("timeout: must be 1 to " + max + " seconds, got " + seconds));
        }
        return seconds * 1000L;
    }

    private void invalid(List<String> problems) {
        if (!problems.isEmpty()) {
            commands.refused("invalid");
            throw new InvalidBody(problems);
        }
    }

    /** Takes one of the operator's tokens, or 429 with how the limit reads. */
    private void taken(Map<String, RateLimit> buckets, Principal p, int perMinute, String what) {
        RateLimit r = buckets.computeIfAbsent(p.name(), n -> new RateLimit(clock, perMinute / 60.0, perMinute));
        boolean ok;
        synchronized (r) {
            ok = r.tryTake();
        }
        if (!ok) {
            commands.refused("rate_" + what);
            throw new GmeyeException(ErrorKind.RATE_LIMITED, p.name() + " sent more than " + perMinute + " " + what
                    + " a minute (commands." + what + "PerMinute in hub.yaml); wait a little and send again");
        }
    }

    private static void accepted(RoutingContext ctx, CompletableFuture<?> done) {
        Future.fromCompletionStage(done, ctx.vertx().getOrCreateContext())
                .onSuccess(v -> Responses.json(ctx, 202, v))
                .onFailure(e -> Responses.fail(ctx, e));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
