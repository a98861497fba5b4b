package io.gmeye.hub.estate;

import io.gmeye.protocols.agent.AgentHealth;
import java.util.Arrays;
import java.util.List;

/**
 * A site in the estate model, judged on the hub's clock. Its connection is what the log says
 * (decisions by the node that holds the agent), so every node agrees on it.
 *
 * @param configured     named in the hub's configuration (its agent may connect)
 * @param health         the agent's latest heartbeat, null before the first
 * @param healthAt       hub time of that heartbeat, -1 none
 * @param lastSeen       hub time of the last message from the site's agent, -1 never
 * @param clockAheadMs   how far the agent's clock ran ahead of the hub's at its last heartbeat (0 in step)
 * @param holder         the hub node (incarnation) holding the agent's connection, null when not connected
 * @param connectedSince hub time of the connection, -1 when not connected
 * @param downSince      hub time its connection ended, -1 when connected or never connected
 * @param silentSince    start of the silence going on, as decided, -1 none
 * @param silences       the closed silences as from, to pairs in time order (never changed in place)
 */
public record SiteState(String id, String name, List<String> tags, boolean configured, AgentHealth health, long healthAt, long lastSeen,
                        long clockAheadMs, String holder, long connectedSince, long downSince, long silentSince, long[] silences) {
    private static final long[] NONE = new long[0];

    static SiteState of(String id, String name, List<String> tags, boolean configured) {
        return new SiteState(id, name == null || name.isBlank() ? id : name, tags == null ? List.of() : List.copyOf(tags), configured, null, -1,
                -1, 0, null, -1, -1, -1, NONE);
    }

    public boolean connected() {
        return holder != null;
    }

    /** Shown in the site list: configured, or heard from. */
    public boolean listed() {
        return configured || lastSeen >= 0;
    }

    /** Hub time the last silence ended, Long.MIN_VALUE when none did. */
    public long lastSilenceEnd() {
        return silences.length == 0 ? Long.MIN_VALUE : silences[silences.length - 1];
    }

    SiteState named(String n, List<String> t) {
        return new SiteState(id, n == null || n.isBlank() ? id : n, t == null ? List.of() : List.copyOf(t), configured, health, healthAt, lastSeen,
                clockAheadMs, holder, connectedSince, downSince, silentSince, silences);
    }

    SiteState seen(long at) {
        return at <= lastSeen ? this
                : new SiteState(id, name, tags, configured, health, healthAt, at, clockAheadMs, holder, connectedSince, downSince, silentSince, silences);
    }

    SiteState heartbeat(AgentHealth h, long at, long ahead) {
        return new SiteState(id, name, tags, configured, h, at, Math.max(lastSeen, at), ahead, holder, connectedSince, downSince, silentSince,
                silences);
    }

    SiteState connectedTo(String node, long at) {
        return new SiteState(id, name, tags, configured, health, healthAt, lastSeen, clockAheadMs, node, at, -1, silentSince, silences);
    }

    SiteState disconnected(long at) {
        return new SiteState(id, name, tags, configured, health, healthAt, lastSeen, clockAheadMs, null, -1, at, silentSince, silences);
    }

    SiteState silentFrom(long since) {
        return new SiteState(id, name, tags, configured, health, healthAt, lastSeen, clockAheadMs, holder, connectedSince, downSince, since, silences);
    }

    /** The silence going on (or one from {@code from} that nobody noticed) ends at {@code to}. */
    SiteState silenceEnded(long from, long to) {
        long[] s = Arrays.copyOf(silences, silences.length + 2);
        s[silences.length] = from;
        s[silences.length + 1] = to;
        return new SiteState(id, name, tags, configured, health, healthAt, lastSeen, clockAheadMs, holder, connectedSince, downSince, -1, s);
    }

    SiteState withSilences(long open, long[] closed) {
        return new SiteState(id, name, tags, configured, health, healthAt, lastSeen, clockAheadMs, holder, connectedSince, downSince, open, closed);
    }

    SiteState presence(String node, long since, long down) {
        return new SiteState(id, name, tags, configured, health, healthAt, lastSeen, clockAheadMs, node, since, down, silentSince, silences);
    }
}
