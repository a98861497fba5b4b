package io.gmeye.hub.stream;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.AuthRoutes;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Sessions;
import io.gmeye.hub.online.OnlineRates;
import io.gmeye.hub.online.RateGroup;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.workitems.WorkItem;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * GET /api/v1/stream: a WebSocket that pushes what changed, so no screen polls. Changes are
 * gathered and sent at most once per {@code flushMs} as JSON text frames, each filtered to the
 * operator's sites: {@code workitems} (new and changed items), {@code online} (the overall rate,
 * after camera health or at least every 10 s, since silence is judged on the hub's clock),
 * {@code checkpoints} (passes since the last frame), and what features push with
 * {@link #changed} (device commands' states, each in order, and batch summaries). A client that
 * cannot keep up gets {@code resync} (reload) instead of a growing queue. Closed when the session ends.
 */
public final class LiveStream implements ApiRoutes {
    private static final int MAX_ITEMS_PER_FRAME = 200;
    private static final long ONLINE_EVERY_MS = 10_000;
    private static final int MAX_CHANGES_PER_FRAME = 5_000;

    /** An item a feature pushes under a message type, to the operators {@code to} lets see it. */
    private record Change(String type, Predicate<Principal> to, Object item) {
    }

    /** A screen; its operator's role and sites are read afresh from the session at every frame. */
    private record Client(ServerWebSocket ws, Context context, String token, AtomicBoolean behind) {
    }

    private final Vertx vertx;
    private final Sessions sessions;
    private final OnlineRates rates;
    private final Clock clock;
    private final Metrics metrics;
    private final long flushMs;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<WorkItem> changedItems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean estateChanged = new AtomicBoolean();
    private final Map<String, long[]> passesBySite = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger changesQueued = new AtomicInteger();
    private long lastOnline;
    private long timer = -1;

    public LiveStream(Vertx vertx, Sessions sessions, OnlineRates rates, Clock clock, Metrics metrics, long flushMs) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.rates = rates;
        this.clock = clock;
        this.metrics = metrics;
        this.flushMs = flushMs;
        metrics.gauge("gmeye.stream.clients", clients::size);
    }

    // ---- fed from the store's writer thread ----

    public void workItemChanged(WorkItem w) {
        if (clients.isEmpty()) {
            return; // a screen loads the list when it connects: changes from before are no news to it
        }
        if (queued.incrementAndGet() <= MAX_ITEMS_PER_FRAME * 5) {
            changedItems.add(w);
        }
    }

    /**
     * Pushes an item under a message type ({@code commands}, {@code batches}) in the next frame, in
     * the order pushed, to the screens whose operator {@code to} accepts. Beyond what a frame
     * carries, screens get {@code resync}: nothing is dropped silently.
     */
    public void changed(String type, Predicate<Principal> to, Object item) {
        if (clients.isEmpty()) {
            return; // a screen reads the commands when it connects
        }
        if (changesQueued.incrementAndGet() <= MAX_CHANGES_PER_FRAME) {
            changes.add(new Change(type, to, item));
        }
    }

    /** Every stored message: camera, device and agent health change the online picture. */
    public void stored(Envelope<?> e) {
        if (clients.isEmpty()) {
            return;
        }
        if (e.type() == MessageType.CAMERA_HEALTH || e.type() == MessageType.AGENT_HEALTH || e.type() == MessageType.DEVICE_HEALTH) {
            estateChanged.set(true);
        }
    }

    /** A pass counted (once per passId, not per record: an agent sends a decision and an outcome for each). */
    public void passCounted(String site, PassDecision decision) {
        long[] n = passesBySite.computeIfAbsent(site, s -> new long[2]);
        synchronized (n) {
            n[decision == PassDecision.ALLOW ? 0 : 1]++;
        }
    }

    // ---- connections ----

    @Override
    public void mount(Router router) {
        router.get("/api/v1/stream").handler(ctx -> {
            Principal p = Access.principal(ctx);
            String token = AuthRoutes.token(ctx);
            ctx.request().toWebSocket().onFailure(ctx::fail).onSuccess(ws -> {
                Client c = new Client(ws, Vertx.currentContext(), token, new AtomicBoolean());
                clients.add(c);
                ws.closeHandler(v -> clients.remove(c));
                ws.exceptionHandler(e -> clients.remove(c));
                ws.textMessageHandler(m -> { }); // clients only listen
                Map<String, Object> hello = new LinkedHashMap<>();
                hello.put("type", "hello");
                hello.put("user", p.name());
                hello.put("at", clock.millis());
                hello.put("online", rates.overall(rates.scope(p.scope(), null, null)));
                send(c, List.of(hello));
                ensureTimer();
            });
        });
    }

    private synchronized void ensureTimer() {
        if (timer < 0) {
            timer = vertx.setPeriodic(flushMs, t -> vertx.executeBlocking(() -> {
                flush();
                return null;
            }, false));
        }
    }

    /** Gathers what changed since the last frame and sends each client its share. */
    synchronized void flush() {
        if (clients.isEmpty()) {
            changedItems.clear();
            queued.set(0);
            changes.clear();
            changesQueued.set(0);
            passesBySite.clear();
            estateChanged.set(false);
            return;
        }
        List<WorkItem> items = new ArrayList<>();
        for (WorkItem w; (w = changedItems.poll()) != null; ) {
            items.add(w.summary());
        }
        int dropped = Math.max(0, queued.getAndSet(0) - items.size());
        List<Change> pushed = new ArrayList<>();
        for (Change c; (c = changes.poll()) != null; ) {
            pushed.add(c);
        }
        boolean changesLost = changesQueued.getAndSet(0) > pushed.size();
        Map<String, long[]> passes = new HashMap<>();
        passesBySite.forEach((site, n) -> {
            synchronized (n) {
                if (n[0] + n[1] > 0) {
                    passes.put(site, new long[] {n[0], n[1]});
                    n[0] = 0;
                    n[1] = 0;
                }
            }
        });
        long now = clock.millis();
        boolean online = estateChanged.getAndSet(false) || now - lastOnline >= ONLINE_EVERY_MS;
        if (online) {
            lastOnline = now;
        }
        Map<Set<String>, RateGroup> rateByScope = new HashMap<>();
        for (Client c : clients) {
            Principal p = sessions.principal(c.token()).orElse(null);
            if (p == null) {
                c.context().runOnContext(v -> c.ws().close((short) 4401, "session ended"));
                clients.remove(c);
                continue;
            }
            List<Map<String, Object>> frame = new ArrayList<>();
            if (c.behind().getAndSet(false) || changesLost) {
                frame.add(Map.of("type", "resync", "reason", "this screen fell behind; reload what it shows"));
            }
            Map<String, List<Object>> byType = new LinkedHashMap<>();
            for (Change ch : pushed) {
                if (ch.to().test(p)) {
                    byType.computeIfAbsent(ch.type(), t -> new ArrayList<>()).add(ch.item());
                }
            }
            byType.forEach((type, list) -> frame.add(Map.of("type", type, "items", list)));
            List<WorkItem> mine = items.stream().filter(w -> p.canSee(w.site())).limit(MAX_ITEMS_PER_FRAME).toList();
            if (!mine.isEmpty() || dropped > 0) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "workitems");
                m.put("items", mine);
                m.put("more", dropped > 0 || mine.size() == MAX_ITEMS_PER_FRAME);
                frame.add(m);
            }
            if (online) {
                RateGroup r = rateByScope.computeIfAbsent(p.sites(), s -> rates.overall(rates.scope(p.scope(), null, null)));
                frame.add(Map.of("type", "online", "at", now, "overall", r));
            }
            long allowed = 0;
            long denied = 0;
            for (Map.Entry<String, long[]> e : passes.entrySet()) {
                if (p.canSee(e.getKey())) {
                    allowed += e.getValue()[0];
                    denied += e.getValue()[1];
                }
            }
            if (allowed + denied > 0) {
                frame.add(Map.of("type", "checkpoints", "at", now, "allowed", allowed, "denied", denied));
            }
            if (!frame.isEmpty()) {
                send(c, frame);
            }
        }
    }

    private void send(Client c, List<Map<String, Object>> frame) {
        String text = new String(StoredJson.write(frame), StandardCharsets.UTF_8);
        c.context().runOnContext(v -> {
            if (c.ws().isClosed()) {
                return;
            }
            if (c.ws().writeQueueFull()) {
                c.behind().set(true);
                metrics.count("gmeye.stream.frames", "outcome", "skipped_slow_client");
                return;
            }
            c.ws().writeTextMessage(text);
            metrics.count("gmeye.stream.frames", "outcome", "sent");
        });
    }

    public int clients() {
        return clients.size();
    }
}
