package io.gmeye.hub.video;

import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.command.CommandReply;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.routing.AgentStreams;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.LiveFrame;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live views relayed from agents to dashboards as MJPEG (multipart/x-mixed-replace, which an
 * {@code <img>} shows as it comes). The first viewer of a camera makes the hub ask its agent to
 * start ("live.start", with a lease the hub renews while anyone watches); when the last viewer
 * leaves, the hub tells the agent to stop ("live.stop"), so the uplink carries nothing for
 * unwatched cameras. Frames arrive at the agents' MQTT endpoint of the node holding the agent and
 * reach the viewers' node over the event bus ({@link AgentStreams}); they are never stored, and a
 * viewer whose connection cannot keep up skips frames rather than queueing them.
 */
public final class LiveRelay {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRelay.class);
    static final String BOUNDARY = "gmeyeframe";
    /** A hub alone speaks for all its viewers of a camera as one viewer of the agent; a cluster's node as "hub-NODE". */
    static final String HUB_VIEWER = "hub";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final EstateView estate;
    private final CommandService commands;
    private final Vertx vertx;
    private final Metrics metrics;
    private final Duration lease;
    private final AgentStreams streams;
    private final String viewer;
    private final Map<String, Session> sessions = new HashMap<>();

    /** Who watches one camera; {@code pending} wait for the agent's answer to live.start. */
    private static final class Session {
        final String site;
        final Set<HttpServerResponse> viewers = new LinkedHashSet<>();
        final Set<RoutingContext> pending = new LinkedHashSet<>();
        /** the camera's frames, from the node holding its agent (this one or another) */
        MessageConsumer<Buffer> frames;
        boolean started;
        long renewTimer = -1;

        Session(String site) {
            this.site = site;
        }
    }

    /**
     * @param streams where frames arrive from the node that holds a camera's agent
     * @param node    this hub node's name ("local" for a hub alone): each node is one viewer of the agent, so one node's last viewer leaving does not stop another's
     */
    public LiveRelay(EstateView estate, CommandService commands, Vertx vertx, Metrics metrics, Duration lease, AgentStreams streams, String node) {
        this.estate = estate;
        this.commands = commands;
        this.vertx = vertx;
        this.metrics = metrics;
        this.lease = lease;
        this.streams = streams;
        this.viewer = "local".equals(node) ? HUB_VIEWER : HUB_VIEWER + "-" + node;
    }

    /** GET /api/v1/cameras/{id}/live: streams until the viewer goes away. */
    void watch(RoutingContext ctx) {
        String camera = ctx.pathParam("id");
        CameraStatus status = estate.cameras().get(camera);
        if (status == null) {
            Responses.fail(ctx, new GmeyeException(ErrorKind.NOT_FOUND, "no camera '" + camera + "' has reported to this hub"));
            return;
        }
        Access.site(Access.principal(ctx), status.site());
        boolean first;
        synchronized (this) {
            Session s = sessions.computeIfAbsent(camera, c -> new Session(status.site()));
            first = s.viewers.isEmpty() && s.pending.isEmpty() && !s.started;
            if (first) {
                s.frames = streams.listen(AgentStreams.live(camera), MessageType.LIVE_FRAME, LiveFrame.class, this::frame);
            }
            if (s.started) {
                open(s, ctx);
            } else {
                s.pending.add(ctx);
            }
            ctx.response().closeHandler(v -> leave(camera, ctx));
        }
        if (first) {
            start(camera, status.site());
        }
    }

    /** A frame from an agent connected here: to the viewers of its camera, on this node or another. */
    public void arrived(Envelope<LiveFrame> header, byte[] jpeg) {
        streams.publish(AgentStreams.live(header.body().camera()), header, jpeg);
    }

    /** A frame for this node's viewers of its camera: to every one that can take it now. */
    private void frame(Envelope<LiveFrame> header, byte[] jpeg) {
        List<HttpServerResponse> to;
        synchronized (this) {
            Session s = sessions.get(header.body().camera());
            to = s == null ? List.of() : new ArrayList<>(s.viewers);
        }
        if (to.isEmpty()) {
            metrics.count("gmeye.live.frames", "outcome", "unwatched");
            return;
        }
        Buffer part = Buffer.buffer(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                + "\r\nX-Frame-No: " + header.body().frameNo() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII))
                .appendBytes(jpeg).appendString("\r\n");
        for (HttpServerResponse r : to) {
            if (r.writeQueueFull()) {
                metrics.count("gmeye.live.frames", "outcome", "skipped_slow_viewer");
            } else {
                r.write(part);
                metrics.count("gmeye.live.frames", "outcome", "relayed");
            }
        }
    }

    /** Viewers of a camera now (started or waiting for the agent). */
    public synchronized int viewers(String camera) {
        Session s = sessions.get(camera);
        return s == null ? 0 : s.viewers.size() + s.pending.size();
    }

    private void start(String camera, String site) {
        call(site, "live.start", camera).onComplete(ar -> {
            List<RoutingContext> refused = new ArrayList<>();
            synchronized (this) {
                Session s = sessions.get(camera);
                if (s == null) {
                    return; // everyone left meanwhile; leave() sent the stop
                }
                if (ar.succeeded()) {
                    s.started = true;
                    s.pending.forEach(ctx -> open(s, ctx));
                    s.pending.clear();
                    long every = Math.max(1000, lease.toMillis() / 3);
                    s.renewTimer = vertx.setPeriodic(every, t -> call(s.site, "live.start", camera)
                            .onFailure(e -> LOG.warn("live view of {}: renewing failed: {}", camera, e.getMessage())));
                    metrics.count("gmeye.live.sessions", "event", "started");
                } else {
                    refused.addAll(s.pending);
                    sessions.remove(camera);
                    s.frames.unregister();
                    metrics.count("gmeye.live.sessions", "event", "refused");
                }
            }
            refused.forEach(ctx -> Responses.fail(ctx, ar.cause()));
        });
    }

    private void open(Session s, RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        if (r.closed()) {
            return;
        }
        r.setChunked(true).putHeader("content-type", "multipart/x-mixed-replace; boundary=" + BOUNDARY)
                .putHeader("cache-control", "no-store").setStatusCode(200);
        r.writeHead();
        s.viewers.add(r);
    }

    private void leave(String camera, RoutingContext ctx) {
        Session ended;
        synchronized (this) {
            Session s = sessions.get(camera);
            if (s == null) {
                return;
            }
            s.viewers.remove(ctx.response());
            s.pending.remove(ctx);
            if (!s.viewers.isEmpty() || !s.pending.isEmpty()) {
                return;
            }
            sessions.remove(camera);
            ended = s;
        }
        ended.frames.unregister();
        if (ended.renewTimer >= 0) {
            vertx.cancelTimer(ended.renewTimer);
        }
        metrics.count("gmeye.live.sessions", "event", "ended");
        call(ended.site, "live.stop", camera).onFailure(e ->
                LOG.info("live view of {}: stop not confirmed ({}); the agent's lease ends it", camera, e.getMessage()));
    }

    /** A live command; a result other than succeeded fails the future with the agent's reason. */
    private Future<CommandReply> call(String site, String name, String camera) {
        Map<String, Object> params = Map.of("viewer", viewer, "leaseSeconds", lease.toSeconds());
        return commands.call(site, name, camera, params, CALL_TIMEOUT).compose(reply -> {
            if (reply.result() != null && reply.result().status() != CommandStatus.SUCCEEDED) {
                return Future.failedFuture(CameraCallRoutes.refusal(camera, reply.result()));
            }
            return Future.succeededFuture(reply);
        });
    }
}
