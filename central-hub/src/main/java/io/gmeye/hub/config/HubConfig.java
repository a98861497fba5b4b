package io.gmeye.hub.config;

import io.gmeye.hub.log.KafkaLogConfig;
import io.gmeye.platform.config.ByteSize;
import io.gmeye.hub.routing.RoutingConfig;
import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hub's configuration file (hub.yaml). Environment variables override fields:
 * GMEYE_MQTT_PORT, GMEYE_HTTP_PORT, GMEYE_DATADIR...
 */
public record HubConfig(String dataDir, MqttSection mqtt, HttpSection http, List<SiteSection> sites, AuthSection auth, String deviceTypes,
                        CommandsSection commands, ClusterSection cluster, ClipsSection clips) implements Validated {

    /**
     * Event clips and recording exports fetched from agents on an operator's demand.
     *
     * @param cacheSize the most disk fetched clips keep at the hub; the least recently used go first
     * @param pieceSize how much of a clip one request to the agent asks for (the agent sends at most 1MiB at once);
     *                  a smaller piece loses less to an uplink outage, a larger one takes fewer round trips
     */
    public record ClipsSection(ByteSize cacheSize, ByteSize pieceSize) implements Validated {
        public static final ClipsSection DEFAULTS = new ClipsSection(null, null);

        public ClipsSection {
            cacheSize = cacheSize == null ? new ByteSize(2L << 30) : cacheSize;
            pieceSize = pieceSize == null ? new ByteSize(256 << 10) : pieceSize;
        }

        @Override
        public void validate() {
            if (pieceSize.bytes() < (16 << 10) || pieceSize.bytes() > (1 << 20)) {
                throw new IllegalArgumentException("pieceSize: between 16KiB and 1MiB (what an agent sends at once), got " + pieceSize.bytes() + " bytes");
            }
            if (cacheSize.bytes() < (16L << 20)) {
                throw new IllegalArgumentException("cacheSize: at least 16MiB, got " + cacheSize.bytes() + " bytes");
            }
        }
    }

    /**
     * Operators' commands to devices.
     *
     * @param defaultTimeout      how long a command may wait for its device (at the hub or the agent) before it expires, when the request gives none
     * @param maxTimeout          the longest timeout a request may ask for
     * @param giveUpAfter         a command the agent took but gave no final state for this long after its deadline is ended timed_out at the hub
     * @param batchMax            the most devices one batch may command
     * @param batchesPerMinute    batches one operator may send a minute (a bucket of that size)
     * @param commandsPerMinute   single commands one operator may send a minute (a bucket of that size)
     */
    public record CommandsSection(Duration defaultTimeout, Duration maxTimeout, Duration giveUpAfter, Integer batchMax, Integer batchesPerMinute,
                                  Integer commandsPerMinute) implements Validated {
        public CommandsSection {
            defaultTimeout = defaultTimeout == null ? Duration.ofMinutes(1) : defaultTimeout;
            maxTimeout = maxTimeout == null ? Duration.ofDays(1) : maxTimeout;
            giveUpAfter = giveUpAfter == null ? Duration.ofHours(1) : giveUpAfter;
            batchMax = batchMax == null ? 500 : batchMax;
            batchesPerMinute = batchesPerMinute == null ? 6 : batchesPerMinute;
            commandsPerMinute = commandsPerMinute == null ? 120 : commandsPerMinute;
        }

        @Override
        public void validate() {
            if (defaultTimeout.toSeconds() < 1 || maxTimeout.compareTo(defaultTimeout) < 0) {
                throw new IllegalArgumentException("defaultTimeout, maxTimeout: need defaultTimeout >= 1s and maxTimeout >= defaultTimeout");
            }
            if (giveUpAfter.isNegative()) {
                throw new IllegalArgumentException("giveUpAfter: must not be negative");
            }
            if (batchMax < 1 || batchesPerMinute < 1 || commandsPerMinute < 1) {
                throw new IllegalArgumentException("batchMax, batchesPerMinute, commandsPerMinute: must be at least 1");
            }
        }
    }

    /**
     * This hub as one node of a cluster (docs/cluster.md): absent, the hub runs alone with its
     * store as its own log (the default).
     *
     * @param node    this node's name, unique in the cluster (it marks what this node wrote into the log)
     * @param kafka   the log
     * @param routing how the nodes find each other to route commands, snapshots, live view and clips to the node holding
     *                a site's agent (Hazelcast, Vert.x's clustered event bus); absent, a node reaches only the agents it holds
     */
    public record ClusterSection(String node, KafkaLogConfig kafka, RoutingConfig routing) implements Validated {

        @Override
        public void validate() {
            if (node == null || !node.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("node: this node's name (letters, digits, '_', '-'; up to 64) is required, got '" + node + "'");
            }
            if (kafka == null) {
                throw new IllegalArgumentException("kafka: the log's brokers are required (kafka.bootstrap: host:port,...)");
            }
        }
    }

    /**
     * Operators' sessions. {@code initialAdminPassword} sets the password of the admin account made
     * on first start (else a random one is printed once); it is ignored once any account exists.
     */
    public record AuthSection(Duration sessionIdle, Duration sessionMax, String initialAdminPassword) implements Validated {
        public AuthSection {
            sessionIdle = sessionIdle == null ? Duration.ofHours(12) : sessionIdle;
            sessionMax = sessionMax == null ? Duration.ofDays(7) : sessionMax;
        }

        @Override
        public void validate() {
            if (sessionIdle.toSeconds() < 60 || sessionMax.compareTo(sessionIdle) < 0) {
                throw new IllegalArgumentException("sessionIdle, sessionMax: need sessionIdle >= 1m and sessionMax >= sessionIdle");
            }
        }
    }

    /** Where agents connect. {@code tls} switches the listener to TLS; its {@code clientCa} asks agents for certificates. */
    public record MqttSection(String host, Integer port, Tls tls, Integer maxMessageBytes, Limits limits) implements Validated {
        public MqttSection {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 1883 : port;
            maxMessageBytes = maxMessageBytes == null ? 8 * 1024 * 1024 : maxMessageBytes;
            limits = limits == null ? Limits.DEFAULTS : limits;
        }

        public MqttSection(String host, Integer port, Tls tls, Integer maxMessageBytes) {
            this(host, port, tls, maxMessageBytes, null);
        }

        @Override
        public void validate() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: must be 0..65535, got " + port);
            }
        }
    }

    /**
     * Admission and abuse limits of the agents' endpoint. Defaults carry a 200-site district with
     * room to spare; the point is that a storm or a misbehaving client is refused with a reason
     * code instead of stalling the hub.
     *
     * @param connectsPerSecond  new connections admitted per second, all sites together (0x9F beyond)
     * @param connectBurst       connections admitted at once before the rate applies
     * @param authConcurrency    credential checks (PBKDF2) running at once, on their own worker pool
     * @param authQueue          credential checks waiting beyond those; more are refused with 0x89 server busy
     * @param siteConnectsPerMinute accepted connections of one site per minute, as a bucket of that size (take-over floods, 0x9F)
     * @param publishesPerSecond publishes per connection per second, with a burst of twice that (PUBACK 0x97 "message rate too high"; a flood: DISCONNECT 0x96)
     * @param maxAwaitingAck     publishes of one connection waiting for the store; beyond, 0x93 receive maximum exceeded
     */
    public record Limits(Integer connectsPerSecond, Integer connectBurst, Integer authConcurrency, Integer authQueue,
                         Integer siteConnectsPerMinute, Integer publishesPerSecond, Integer maxAwaitingAck) implements Validated {
        public static final Limits DEFAULTS = new Limits(null, null, null, null, null, null, null);

        public Limits {
            connectsPerSecond = connectsPerSecond == null ? 50 : connectsPerSecond;
            connectBurst = connectBurst == null ? 100 : connectBurst;
            authConcurrency = authConcurrency == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : authConcurrency;
            authQueue = authQueue == null ? 32 : authQueue;
            siteConnectsPerMinute = siteConnectsPerMinute == null ? 12 : siteConnectsPerMinute;
            publishesPerSecond = publishesPerSecond == null ? 2000 : publishesPerSecond;
            maxAwaitingAck = maxAwaitingAck == null ? 1024 : maxAwaitingAck;
        }

        @Override
        public void validate() {
            if (connectsPerSecond < 1 || connectBurst < 1 || authConcurrency < 1 || authQueue < 0 || siteConnectsPerMinute < 1
                    || publishesPerSecond < 1 || maxAwaitingAck < 1) {
                throw new IllegalArgumentException("limits: every limit must be at least 1 (authQueue at least 0)");
            }
        }
    }

    /** PEM files of the hub's certificate and key; {@code clientCa} set means mutual TLS. */
    public record Tls(String cert, String key, String clientCa) implements Validated {
        @Override
        public void validate() {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("cert, key: both are required for TLS");
            }
        }
    }

    public record HttpSection(String host, Integer port) {
        public HttpSection {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 8080 : port;
        }
    }

    /**
     * A site and its agent's credentials: {@code secret} in clear (demo, tests) or
     * {@code secretHash} as made by {@code ./run hub hash-secret} (pbkdf2-sha256:iterations:salt:hash).
     */
    public record SiteSection(String id, String name, String secret, String secretHash, List<String> tags) implements Validated {
        public SiteSection {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        @Override
        public void validate() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("id: is required");
            }
            if ((secret == null) == (secretHash == null)) {
                throw new IllegalArgumentException("site " + id + ": give exactly one of secret or secretHash");
            }
        }
    }

    public HubConfig {
        dataDir = dataDir == null ? "data/hub" : dataDir;
        mqtt = mqtt == null ? new MqttSection(null, null, null, null) : mqtt;
        http = http == null ? new HttpSection(null, null) : http;
        sites = sites == null ? List.of() : List.copyOf(sites);
        auth = auth == null ? new AuthSection(null, null, null) : auth;
        deviceTypes = deviceTypes == null ? DEFAULT_DEVICE_TYPES : deviceTypes;
        commands = commands == null ? new CommandsSection(null, null, null, null, null, null) : commands;
        clips = clips == null ? ClipsSection.DEFAULTS : clips;
    }

    /** Without a clips section: fetched clips take their defaults. */
    public HubConfig(String dataDir, MqttSection mqtt, HttpSection http, List<SiteSection> sites, AuthSection auth, String deviceTypes,
                     CommandsSection commands, ClusterSection cluster) {
        this(dataDir, mqtt, http, sites, auth, deviceTypes, commands, cluster, null);
    }

    /** The device type folder when the file names none: relative to the working directory, as {@code ./run hub} runs it. */
    public static final String DEFAULT_DEVICE_TYPES = "config/device-types";

    /** Without an auth section: operators' sessions take their defaults. */
    public HubConfig(String dataDir, MqttSection mqtt, HttpSection http, List<SiteSection> sites) {
        this(dataDir, mqtt, http, sites, null);
    }

    /** A hub alone (no cluster section), with the default device types and command limits. */
    public HubConfig(String dataDir, MqttSection mqtt, HttpSection http, List<SiteSection> sites, AuthSection auth) {
        this(dataDir, mqtt, http, sites, auth, null, null, null);
    }

    public HubConfig withCluster(ClusterSection c) {
        return new HubConfig(dataDir, mqtt, http, sites, auth, deviceTypes, commands, c, clips);
    }

    /** The same configuration reading device types from this folder. */
    public HubConfig withDeviceTypes(String folder) {
        return new HubConfig(dataDir, mqtt, http, sites, auth, folder, commands, cluster, clips);
    }

    /** The same configuration with these command limits. */
    public HubConfig withCommands(CommandsSection c) {
        return new HubConfig(dataDir, mqtt, http, sites, auth, deviceTypes, c, cluster, clips);
    }

    /** The same configuration with this clips section. */
    public HubConfig withClips(ClipsSection c) {
        return new HubConfig(dataDir, mqtt, http, sites, auth, deviceTypes, commands, cluster, c);
    }

    @Override
    public void validate() {
        Set<String> seen = new HashSet<>();
        for (SiteSection s : sites) {
            if (s.id() != null && !seen.add(s.id())) {
                throw new IllegalArgumentException("sites: site " + s.id() + " is listed twice");
            }
        }
    }
}
