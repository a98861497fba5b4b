package io.gmeye.hub.cluster;

/**
 * Leadership without a cluster manager: this node always decides. The embedded hub is the only
 * node, so only its own incarnation is alive (connections the store says an earlier run held ended
 * with that run). A cluster node without a cluster manager cannot tell which nodes are alive, so it
 * leaves every connection to its holder, and it judges silences itself: its decisions are applied
 * only while they hold, so several nodes judging write harmless duplicates.
 */
public final class AlwaysLeads implements Leadership {
    private final String self;
    private final boolean sole;

    private AlwaysLeads(String self, boolean sole) {
        this.self = self;
        this.sole = sole;
    }

    /** The embedded hub. */
    public static AlwaysLeads sole(String self) {
        return new AlwaysLeads(self, true);
    }

    /** A node of a cluster without a cluster manager. */
    public static AlwaysLeads everyNode(String self) {
        return new AlwaysLeads(self, false);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public boolean leading() {
        return true;
    }

    @Override
    public boolean alive(String holder) {
        return !sole || self.equals(holder);
    }
}
