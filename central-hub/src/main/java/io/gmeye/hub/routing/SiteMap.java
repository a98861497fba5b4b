package io.gmeye.hub.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds which site's agent, shared by the cluster's nodes (as Hono's command router
 * keeps a device → adapter instance map): a node writes its sites when their agents connect and
 * removes them when they disconnect, and the nodes that remain remove the sites of a node that
 * left. Values are cluster node ids (new at every start), so an entry of a dead node never passes
 * for its restarted successor. Removals are conditional on the value: a site whose agent has
 * already reconnected to another node is never removed by the old node's cleanup.
 *
 * <p>Writes go to the shared map (Hazelcast's, blocking calls) on one thread of their own, in
 * order, never on an event loop. Reads come from {@code known}, this node's copy kept by the
 * shared map's events ({@link #changed}), so a lookup never waits on the network; it may lag the
 * cluster by an event, which costs a routed request a 503 from a node that no longer holds the site.
 */
public final class SiteMap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteMap.class);

    private final ConcurrentMap<String, String> shared;
    private final String self;
    private final Map<String, String> known = new ConcurrentHashMap<>();
    private final ExecutorService writes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gmeye-site-map");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param shared the cluster's map, site → node id
     * @param self   this node's id in the cluster
     */
    public SiteMap(ConcurrentMap<String, String> shared, String self) {
        this.shared = shared;
        this.self = self;
    }

    public String self() {
        return self;
    }

    /** The node holding the site's agent, or null when none does (as far as this node has heard). */
    public String holder(String site) {
        return known.get(site);
    }

    /** A site's agent connected to this node. */
    public void held(String site) {
        write(() -> shared.put(site, self));
    }

    /** A site's agent disconnected from this node: its entry goes, unless another node holds the site by now. */
    public void released(String site) {
        write(() -> shared.remove(site, self));
    }

    /** A node left the cluster: the sites it held go (those that moved to another node meanwhile stay). */
    public void nodeLeft(String node) {
        write(() -> {
            int removed = removeAllOf(node);
            if (removed > 0) {
                LOG.info("node {} left the cluster: {} sites it held are held by no node until their agents reconnect", node, removed);
            }
        });
    }

    /** The shared map changed (its events): {@code node} null when the site's entry went. */
    public void changed(String site, String node) {
        if (node == null) {
            known.remove(site);
        } else {
            known.put(site, node);
        }
    }

    /** Takes what the shared map holds now (at start, after its events are heard). Blocking. */
    public void load() {
        shared.forEach(known::putIfAbsent);
    }

    /** Removes every site {@code node} holds; returns how many went. Blocking (the writes' thread, or a test). */
    int removeAllOf(String node) {
        int removed = 0;
        for (Map.Entry<String, String> e : shared.entrySet()) {
            if (node.equals(e.getValue()) && shared.remove(e.getKey(), node)) {
                removed++;
            }
        }
        return removed;
    }

    /** Runs the writes queued so far; for tests and an orderly close. */
    void drain() throws Exception {
        writes.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    private void write(Runnable w) {
        if (writes.isShutdown()) {
            return;
        }
        writes.execute(() -> {
            try {
                w.run();
            } catch (RuntimeException e) {
                // the cluster is going (shutdown) or unreachable: the members' cleanup covers what this missed
                LOG.warn("site map: a write failed: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        writes.shutdown();
        try {
            writes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
