package io.gmeye.hub.estate;

import io.gmeye.hub.log.Commands;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteTx;
import java.util.concurrent.CompletableFuture;

/**
 * Whether each site's agent is connected and when the site was silent, as decisions in the log:
 * the node that holds an agent's connection decides that it connected or went; the leader decides
 * that a site is silent (no agent and no word for longer than the site timeout) and that a node's
 * connections ended because the node left. Every node applies the same decisions in the same order
 * and reaches the same connection state and the same outage intervals; a decision is applied only
 * while it still holds, so one made twice (two leaders for a moment, a replay) changes nothing.
 */
public final class SitePresence {
    public static final String SILENT = "silent";
    public static final String ALIVE = "alive";
    static final String CONNECTED = "agent.connected";
    static final String DISCONNECTED = "agent.disconnected";
    static final String SILENCE = "site.silent";

    /**
     * An agent connected to {@code holder} (a node's incarnation).
     *
     * @param unnoticedSince where the maker saw a silence due by the clock that no decision recorded yet, its start, else -1
     */
    public record Connected(String site, String holder, long unnoticedSince) {
    }

    /** The agent's connection to {@code holder} ended; {@code nodeLeft} when the node went, not the agent. */
    public record Disconnected(String site, String holder, boolean nodeLeft) {
    }

    /** The site is silent since {@code since}: its agent gone and no word from it. */
    public record Silent(String site, long since, long timeoutMs) {
    }

    /** A site's presence after a decision, and the silence it closed ({@code closedFrom}, -1 none) at the decision's time. */
    record Outcome(String site, EstateRecords.Presence presence, long closedFrom, long at) {
    }

    private final Estate estate;
    private final Transitions transitions;
    private final Commands decisions;

    public SitePresence(Estate estate, Commands decisions) {
        this.estate = estate;
        this.transitions = estate.transitions();
        this.decisions = decisions;
        decisions.on(CONNECTED, Connected.class, Commands.handler(this::connected, (c, o) -> adopt(o)));
        decisions.on(DISCONNECTED, Disconnected.class, Commands.handler(this::disconnected, (c, o) -> adopt(o)));
        decisions.on(SILENCE, Silent.class, Commands.handler(this::silent, (c, o) -> adopt(o)));
    }

    private Outcome disconnected(Disconnected c, long at, WriteTx tx) {
        EstateRecords.Presence p = presence(tx, c.site());
        if (!c.holder().equals(p.holder())) {
            return null; // taken over by another connection since: that one stands
        }
        return write(tx, c.site(), new EstateRecords.Presence(null, -1, at, p.silentSince()), -1, at);
    }

    private Outcome silent(Silent c, long at, WriteTx tx) {
        EstateRecords.Presence p = presence(tx, c.site());
        if (p.holder() != null || p.silentSince() >= 0 || c.since() < p.downSince() || c.since() > at) {
            return null; // no longer holds: connected again, already silent, or judged on a state older than the last disconnect
        }
        transitions.put(tx, TransitionKey.site(c.site()), c.since(), SILENT, new Transition(c.site(), c.site(), ALIVE,
                SILENT, "no word from its agent for more than " + c.timeoutMs() / 1000 + " s", c.since()));
        return write(tx, c.site(), new EstateRecords.Presence(null, -1, p.downSince(), c.since()), -1, at);
    }

    /** Puts a decision into the log and completes once this node applied it. */
    public CompletableFuture<Object> decide(Object decision) {
        if (decision instanceof Connected c) {
            return decisions.submit(CONNECTED, c.site(), c);
        }
        if (decision instanceof Disconnected c) {
            return decisions.submit(DISCONNECTED, c.site(), c);
        }
        if (decision instanceof Silent c) {
            return decisions.submit(SILENCE, c.site(), c);
        }
        throw new IllegalArgumentException("not a presence decision: " + decision);
    }

    private Outcome connected(Connected c, long at, WriteTx tx) {
        EstateRecords.Presence p = presence(tx, c.site());
        long from = p.silentSince() >= 0 ? p.silentSince() : p.holder() == null && c.unnoticedSince() >= 0 && c.unnoticedSince() < at
                ? c.unnoticedSince() : -1;
        if (from >= 0) {
            if (p.silentSince() < 0) {
                transitions.put(tx, TransitionKey.site(c.site()), from, SILENT, new Transition(c.site(), c.site(), ALIVE, SILENT,
                        "no word from its agent for more than " + estate.now().siteTimeoutMs() / 1000 + " s", from));
            }
            transitions.put(tx, TransitionKey.site(c.site()), at, ALIVE, new Transition(c.site(), c.site(), SILENT, ALIVE, null, at));
        }
        return write(tx, c.site(), new EstateRecords.Presence(c.holder(), at, -1, -1), from, at);
    }

    private static EstateRecords.Presence presence(WriteTx tx, String site) {
        EstateRecords.Presence p = EstateRecords.get(tx, Space.LATEST, EstateRecords.PRESENCE, site, EstateRecords.Presence.class);
        return p != null ? p : new EstateRecords.Presence(null, -1, -1, -1);
    }

    private static Outcome write(WriteTx tx, String site, EstateRecords.Presence next, long closedFrom, long at) {
        EstateRecords.put(tx, Space.LATEST, EstateRecords.PRESENCE, site, next);
        return new Outcome(site, next, closedFrom, at);
    }

    private void adopt(Outcome o) {
        if (o == null) {
            return;
        }
        EstateDraft d = estate.draft();
        SiteState s = EstateApplier.site(d, o.site());
        if (o.closedFrom() >= 0) {
            s = s.silenceEnded(o.closedFrom(), o.at());
        }
        EstateRecords.Presence p = o.presence();
        d.site(s.presence(p.holder(), p.connectedSince(), p.downSince()).silentFrom(p.silentSince()));
    }
}
