package io.gmeye.hub.routing;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * This hub node as a member of the cluster's Vert.x event bus, with Hazelcast as the cluster
 * manager: joined by the configured member list over TCP/IP (no multicast), bound to one
 * interface; and the site map, shared through Hazelcast and cleaned when a member leaves.
 *
 * @param vertx the node's Vert.x, clustered
 * @param sites which node holds which site's agent
 */
public record ClusterNode(Vertx vertx, SiteMap sites) {
    /** The Hazelcast map of site → node id. */
    static final String SITES_MAP = "gmeye.sites";

    /** Starts Vert.x clustered by {@code c}, joins the members, and starts following the site map. */
    public static Future<ClusterNode> start(RoutingConfig c) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(c));
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(c.host()).setPort(c.eventBusPort());
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .compose(vertx -> vertx.executeBlocking(() -> follow(vertx, manager), false)
                        .onFailure(e -> vertx.close()));
    }

    static Config hazelcast(RoutingConfig c) {
        Config hz = ConfigUtil.loadConfig(); // Vert.x's own maps (subscriptions, node info) as it expects them
        hz.setClusterName("gmeye");
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.socket.bind.any", "false"); // this interface only, never 0.0.0.0
        hz.setProperty("hazelcast.local.localAddress", c.host());
        hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(c.memberTimeout().toSeconds()));
        // nodes started at once may form separate clusters at first: let them find each other in seconds, not minutes
        hz.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        hz.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        hz.setProperty("hazelcast.wait.seconds.before.join", "1");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false"); // the hub's own shutdown leaves the cluster in order
        NetworkConfig net = hz.getNetworkConfig();
        net.setPort(c.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).setInterfaces(List.of(c.host()));
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(c.memberList());
        hz.getMapConfig(SITES_MAP).setBackupCount(1); // one node may die without the map losing a site
        return hz;
    }

    /** Listens to the map and to members leaving, then reads the map. Blocking (Hazelcast calls). */
    private static ClusterNode follow(Vertx vertx, HazelcastClusterManager manager) {
        IMap<String, String> shared = manager.getHazelcastInstance().getMap(SITES_MAP);
        // a node is its Hazelcast member id (new at every start), as membership events name it
        SiteMap sites = new SiteMap(shared, manager.getHazelcastInstance().getCluster().getLocalMember().getUuid().toString());
        shared.addEntryListener(new Events(sites), true);
        // Vert.x keeps the cluster manager's one node listener for itself; Hazelcast's membership is the same view
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                sites.nodeLeft(e.getMember().getUuid().toString());
            }
        });
        sites.load();
        return new ClusterNode(vertx, sites);
    }

    /** The shared map's changes into this node's copy. */
    private record Events(SiteMap sites) implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
            EntryRemovedListener<String, String>, EntryEvictedListener<String, String> {
        @Override
        public void entryAdded(EntryEvent<String, String> e) {
            sites.changed(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> e) {
            sites.changed(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> e) {
            sites.changed(e.getKey(), null);
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> e) {
            sites.changed(e.getKey(), null);
        }
    }
}
