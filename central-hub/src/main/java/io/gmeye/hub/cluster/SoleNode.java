package io.gmeye.hub.cluster;

/**
 * The embedded hub's leadership: it is the only node, so it makes every decision, and only its
 * own incarnation is alive (connections the store says an earlier run held ended with that run).
 */
public final class SoleNode implements Leadership {
    private final String self;

    public SoleNode(String self) {
        this.self = self;
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
        return self.equals(holder);
    }
}
