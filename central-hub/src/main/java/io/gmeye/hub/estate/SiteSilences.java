package io.gmeye.hub.estate;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each site was silent: its agent not connected and nothing heard from it for longer than
 * the site timeout, as {@link EstateView#siteAlive} judges now. The online rate over time reads
 * these spans so an outage of a whole site shows as its cameras offline, not as their last word.
 * <p>
 * A silence is dated from when the site's last word became too old (or its agent dropped, if
 * later). It is written to the store (as site transitions) when a periodic check notices it and
 * when the agent connects again, so yesterday's outage survives a restart. The hub's own downtime
 * is no site's fault: after a start every site has the timeout to reconnect before it counts silent.
 */
public final class SiteSilences {
    private static final Logger LOG = LoggerFactory.getLogger(SiteSilences.class);
    private static final String KIND = "site";
    public static final String SILENT = "silent";
    public static final String ALIVE = "alive";
    private static final long[] NONE = new long[0];

    /** One site's closed silences as from, to pairs in time order, the open one, and whether its agent is down. */
    private static final class Site {
        long[] spans = NONE;
        int n;
        long openSince = -1;
        long downSince = -1; // -1: connected

        void add(long from, long to) {
            if (n == spans.length) {
                spans = Arrays.copyOf(spans, Math.max(4, n * 2));
            }
            spans[n++] = from;
            spans[n++] = to;
        }

        long lastEnd() {
            return n == 0 ? Long.MIN_VALUE : spans[n - 1];
        }
    }

    private final Map<String, Site> sites = new HashMap<>();
    private final EstateView view;
    private final Store store;
    private final Clock clock;
    private final Metrics metrics;
    private final long timeoutMs;
    private final long startedAt;

    public SiteSilences(EstateView view, Store store, Clock clock, Metrics metrics) {
        this.view = view;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.timeoutMs = view.siteTimeoutMs();
        this.startedAt = clock.millis();
    }

    /** Loads the stored silences; blocking, at start, after the estate view has loaded. No agent is connected yet. */
    public synchronized void load() {
        store.scan(Space.TRANSITIONS, Keys.prefix(KIND), false, (k, v) -> {
            EstateProjections.Transition t = StoredJson.read(v, EstateProjections.Transition.class);
            Site s = site(t.site());
            if (SILENT.equals(t.to())) {
                s.openSince = t.at();
            } else if (s.openSince >= 0) {
                s.add(s.openSince, t.at());
                s.openSince = -1;
            }
            return true;
        });
        view.sites().forEach(st -> site(st.id()).downSince = startedAt);
    }

    /** The site's agent connected: a silence, noticed or not yet, ends now. */
    public synchronized void connected(String id) {
        Site s = site(id);
        long now = clock.millis();
        long since = s.openSince >= 0 ? s.openSince : s.downSince >= 0 ? silentFrom(id, s) : Long.MAX_VALUE;
        boolean wasNoticed = s.openSince >= 0;
        s.downSince = -1;
        s.openSince = -1;
        if (since >= now) {
            return;
        }
        s.add(since, now);
        metrics.count("gmeye.sites.silences", "event", "ended");
        LOG.info("site {}: heard again after {} s of silence", id, (now - since) / 1000);
        write(tx -> {
            if (!wasNoticed) {
                put(tx, id, since, ALIVE, SILENT);
            }
            put(tx, id, now, SILENT, ALIVE);
        });
    }

    public synchronized void disconnected(String id) {
        site(id).downSince = clock.millis();
    }

    /** Notices and stores silences that have begun; call periodically (cheap: memory, and a write when one begins). */
    public synchronized void check() {
        long now = clock.millis();
        sites.forEach((id, s) -> {
            if (s.downSince < 0 || s.openSince >= 0) {
                return;
            }
            long since = silentFrom(id, s);
            if (since < now) {
                s.openSince = since;
                metrics.count("gmeye.sites.silences", "event", "began");
                LOG.warn("site {}: silent since {} (no word from its agent for more than {} s)", id, since, timeoutMs / 1000);
                write(tx -> put(tx, id, since, ALIVE, SILENT));
            }
        });
    }

    /** The site's silences up to {@code now} as from, to pairs in time order; one still going ends at {@code now}. */
    public synchronized long[] spans(String id, long now) {
        Site s = sites.get(id);
        if (s == null) {
            return NONE;
        }
        long open = s.openSince >= 0 ? s.openSince : s.downSince >= 0 ? silentFrom(id, s) : Long.MAX_VALUE;
        long[] out = Arrays.copyOf(s.spans, s.n + (open < now ? 2 : 0));
        if (open < now) {
            out[s.n] = open;
            out[s.n + 1] = now;
        }
        return out;
    }

    /** When a site whose agent is down counts silent: its last word (or the hub's start) plus the timeout; Long.MAX_VALUE if never heard. */
    private long silentFrom(String id, Site s) {
        long heard = view.lastSeen(id);
        if (heard < 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(Math.max(Math.max(heard, startedAt) + timeoutMs, s.downSince), s.lastEnd());
    }

    private Site site(String id) {
        return sites.computeIfAbsent(id, k -> new Site());
    }

    private void put(WriteTx tx, String site, long at, String from, String to) {
        tx.put(Space.TRANSITIONS, Keys.timed(KIND + "|" + site, at, to), StoredJson.write(new EstateProjections.Transition(site, site, from, to,
                SILENT.equals(to) ? "no word from its agent for more than " + timeoutMs / 1000 + " s" : null, at)));
    }

    private void write(Consumer<WriteTx> puts) {
        store.write(tx -> {
            puts.accept(tx);
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) {
                metrics.count("gmeye.sites.silences", "event", "write_failed");
                LOG.warn("a site's silence was not stored (the history keeps it until a restart): {}", e.getMessage());
            }
        });
    }
}
