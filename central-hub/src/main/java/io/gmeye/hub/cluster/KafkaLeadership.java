package io.gmeye.hub.cluster;

import io.gmeye.hub.log.KafkaClients;
import io.gmeye.hub.log.KafkaLogConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership from Kafka's group coordination, so a cluster needs nothing besides the brokers it
 * already has: every node joins one consumer group on the log's topic (its partitions paused: the
 * group is only for membership, the node's applier reads the log on its own) and the node the
 * coordinator gives partition 0 leads. A node that dies leaves the group after the session
 * timeout and the partition moves to another member. The leader reads the group's members (by
 * client id, which is the node's incarnation): a connection held by an incarnation that has been
 * out of the group for longer than {@link #GRACE} ended with it.
 */
public final class KafkaLeadership implements Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLeadership.class);
    /** How long a member may stay silent before the coordinator drops it (the failover time of leadership). */
    static final Duration SESSION = Duration.ofSeconds(10);
    /** How long an incarnation must be out of the group before its connections count as ended (a node joins after it starts serving). */
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final long LOOK_EVERY_MS = 2_000;

    private final KafkaLogConfig config;
    private final String self;
    private final Clock clock;
    private final Map<String, Long> absentSince = new ConcurrentHashMap<>();
    private volatile boolean leading;
    private volatile Set<String> members = Set.of();
    private volatile long membersAt = -1;
    private KafkaClients.ConsumerThread thread;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();

    public KafkaLeadership(KafkaLogConfig config, String self, Clock clock) {
        this.config = config;
        this.self = self;
        this.clock = clock;
    }

    /** The group's name: one per log topic. */
    String group() {
        return config.topic() + ".leader";
    }

    /** Joins the group; call once the log's topic exists. */
    @Override
    public CompletableFuture<Void> start() {
        thread = new KafkaClients.ConsumerThread("hub-leadership", this::run, e -> {
            LOG.error("leadership stopped ({}): this node makes no time-driven decisions", e.toString(), e);
            joined.completeExceptionally(e);
        }).start();
        return joined;
    }

    private void run(KafkaClients.ConsumerThread loop) {
        TopicPartition first = new TopicPartition(config.topic(), 0);
        try (Admin admin = KafkaClients.admin(config, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            KafkaConsumer<byte[], byte[]> c = loop.open(KafkaClients.consumer(config, self, Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, group(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION.toMillis(),
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION.toMillis() / 4)));
            c.subscribe(List.of(config.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    if (revoked.contains(first)) {
                        leading = false;
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    c.pause(assigned); // membership only: nothing is read here
                    joined.complete(null);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    leading = false;
                }
            });
            long nextLook = System.nanoTime();
            while (loop.running()) {
                c.poll(Duration.ofMillis(500));
                boolean now = c.assignment().contains(first);
                if (now != leading) {
                    LOG.info("{} {} the cluster's time-driven decisions", self, now ? "now makes" : "no longer makes");
                    leading = now;
                    membersAt = -1; // a new leader judges members only once it has read them
                }
                if (leading && System.nanoTime() - nextLook >= 0) { // paces the calls to the broker (not a judgement: the clock judges)
                    look(admin);
                    nextLook = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOOK_EVERY_MS);
                }
            }
        } finally {
            leading = false;
            joined.complete(null); // closed before it joined: nothing to wait for
        }
    }

    private void look(Admin admin) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group())).all().get(5, TimeUnit.SECONDS).get(group());
            Set<String> m = new HashSet<>();
            for (MemberDescription x : d.members()) {
                m.add(x.clientId());
            }
            members = Set.copyOf(m);
            membersAt = clock.millis();
        } catch (Exception e) {
            LOG.warn("cannot read the hub nodes' group {}: {}", group(), e.toString());
        }
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public boolean leading() {
        return leading;
    }

    /**
     * Alive unless this leader has read the group lately and the incarnation has been out of it for
     * longer than {@link #GRACE}: when in doubt, a connection stands.
     */
    @Override
    public boolean alive(String holder) {
        long now = clock.millis();
        long at = membersAt;
        if (self.equals(holder) || members.contains(holder)) {
            absentSince.remove(holder);
            return true;
        }
        if (at < 0 || now - at > 3 * LOOK_EVERY_MS) {
            return true; // not read lately: no judgement
        }
        long since = absentSince.computeIfAbsent(holder, h -> now);
        return now - since < GRACE.toMillis();
    }

    /** The members (incarnations) this leader read last, or null when it has not read them since it began leading. */
    Set<String> members() {
        return membersAt < 0 ? null : members;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.close();
        }
    }
}
