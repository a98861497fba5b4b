package io.gmeye.hub.cluster;

/** Leadership as a cluster hands it over, for tests of the leader's decisions: this node leads when told; every holder is alive. */
public final class TurnedLeadership implements Leadership {
    private volatile boolean leading;

    public TurnedLeadership(boolean leading) {
        this.leading = leading;
    }

    public void lead(boolean now) {
        leading = now;
    }

    @Override
    public String self() {
        return "node-b@1";
    }

    @Override
    public boolean leading() {
        return leading;
    }

    @Override
    public boolean alive(String holder) {
        return true;
    }
}
