package io.gmeye.hub.app;

import io.gmeye.hub.agents.AgentMqttServer;
import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.agents.SiteCredentials;
import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.HttpApi;
import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.auth.AuthRoutes;
import io.gmeye.hub.auth.Sessions;
import io.gmeye.hub.auth.Users;
import io.gmeye.hub.checkpoint.CheckpointActivity;
import io.gmeye.hub.checkpoint.CheckpointActivityRoutes;
import io.gmeye.hub.checkpoint.CheckpointAlertRoutes;
import io.gmeye.hub.checkpoint.CheckpointAlerts;
import io.gmeye.hub.checkpoint.CheckpointRecords;
import io.gmeye.hub.checkpoint.CheckpointRoutes;
import io.gmeye.hub.checkpoint.WhitelistService;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.dashboard.DashboardRoutes;
import io.gmeye.hub.devicecommands.CommandCheck;
import io.gmeye.hub.devicecommands.CommandRoutes;
import io.gmeye.hub.devicecommands.DeviceCommandService;
import io.gmeye.hub.devices.DeviceTypeRoutes;
import io.gmeye.hub.devices.DeviceRoutes;
import io.gmeye.hub.agents.AgentPresence;
import io.gmeye.hub.cluster.KafkaLeadership;
import io.gmeye.hub.cluster.Leadership;
import io.gmeye.hub.cluster.SoleNode;
import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateApplier;
import io.gmeye.hub.estate.EstateRoutes;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.estate.SiteJudge;
import io.gmeye.hub.estate.SitePresence;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.HubLog;
import io.gmeye.hub.log.KafkaLog;
import io.gmeye.hub.log.LocalLog;
import io.gmeye.hub.log.LogAppliers;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.metrics.EstateGauges;
import io.gmeye.hub.online.OnlineRates;
import io.gmeye.hub.online.OnlineRoutes;
import io.gmeye.hub.openapi.OpenApiRoutes;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.RegistryRoutes;
import io.gmeye.hub.siteconfig.SiteConfigRoutes;
import io.gmeye.hub.siteconfig.SiteConfigService;
import io.gmeye.hub.routing.AgentStreams;
import io.gmeye.hub.routing.ClusterNode;
import io.gmeye.hub.routing.ClusterRouter;
import io.gmeye.hub.routing.LocalRouter;
import io.gmeye.hub.routing.RoutingConfig;
import io.gmeye.hub.routing.SiteRouter;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.stream.LiveStream;
import io.gmeye.hub.video.CameraCallRoutes;
import io.gmeye.hub.video.clip.ClipCache;
import io.gmeye.hub.video.clip.ClipFetcher;
import io.gmeye.hub.video.clip.ClipRoutes;
import io.gmeye.hub.video.record.RecordingRoutes;
import io.gmeye.hub.video.GbCatalogRoutes;
import io.gmeye.hub.video.PtzRoutes;
import io.gmeye.hub.command.AgentCommandRoutes;
import io.gmeye.hub.video.LiveRelay;
import io.gmeye.hub.workitems.WorkItemRoutes;
import io.gmeye.hub.workitems.WorkItems;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.platform.system.ProcessStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the hub: store, ingest and projections, agent endpoint, commands, pictures on call, views, operators, HTTP API. Wiring only. */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private final Vertx vertx;
    private final Store store;
    private final AgentMqttServer mqtt;
    private final HttpApi http;
    private final CommandService commands;
    private final DeviceCommandService deviceCommands;
    private final EstateView estate;
    private final IngestService ingest;
    private final Optional<String> initialAdminPassword;
    private final WhitelistService whitelist;
    private final CheckpointRecords checkpoints;
    private final SiteJudge judge;
    private final Leadership leadership;
    private final HubLog log;
    private final ClipFetcher clips;
    private final ClusterNode cluster;
    private final Sessions sessions;

    private Hub(Vertx vertx, Store store, HubLog log, AgentMqttServer mqtt, HttpApi http, CommandService commands, EstateView estate, IngestService ingest,
                Optional<String> initialAdminPassword, WhitelistService whitelist, CheckpointRecords checkpoints, SiteJudge judge,
                Leadership leadership, DeviceCommandService deviceCommands, ClipFetcher clips, ClusterNode cluster, Sessions sessions) {
        this.leadership = leadership;
        this.sessions = sessions;
        this.log = log;
        this.judge = judge;
        this.cluster = cluster;
        this.deviceCommands = deviceCommands;
        this.clips = clips;
        this.whitelist = whitelist;
        this.checkpoints = checkpoints;
        this.vertx = vertx;
        this.store = store;
        this.mqtt = mqtt;
        this.http = http;
        this.commands = commands;
        this.estate = estate;
        this.ingest = ingest;
        this.initialAdminPassword = initialAdminPassword;
    }

    public static Future<Hub> start(HubConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Future<Hub> start(HubConfig config, Clock clock) {
        // a cluster's node joins the others (Hazelcast, clustered event bus) to route to the node holding a site's agent
        RoutingConfig routing = config.cluster() == null ? null : config.cluster().routing();
        if (config.cluster() != null && routing == null) {
            LOG.warn("cluster.routing is not set: this node reaches only the agents connected to it (no routing to other nodes)");
        }
        if (routing == null) {
            return start(config, clock, Vertx.vertx(), null);
        }
        ClusterNode cluster;
        try {
            // joined here, on the caller's thread as the store's loads below are, so the hub is built off the event loops
            cluster = ClusterNode.start(routing).toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            Throwable why = e.getCause() == null ? e : e.getCause();
            return Future.failedFuture(new IllegalStateException("cluster.routing: could not join the other nodes: " + why.getMessage(), why));
        }
        return start(config, clock, cluster.vertx(), cluster);
    }

    private static Future<Hub> start(HubConfig config, Clock clock, Vertx vertx, ClusterNode cluster) {
        MicrometerMetrics metrics = new MicrometerMetrics().withJvmAndProcess(Path.of(config.dataDir()));
        Store store = new RocksStore(Path.of(config.dataDir()).resolve("store"), true, metrics);
        HubLog log = null;
        try {
            // embedded, the store is its own log; in a cluster, Kafka is, and this node applies all of it
            String node = config.cluster() == null ? "local" : config.cluster().node();
            log = config.cluster() == null ? new LocalLog(store) : new KafkaLog(config.cluster().kafka(), store, node, metrics);
            HubLog hubLog = log;
            String self = node + "@" + Ulid.next(clock.millis()); // this run of the node: a connection it held ends with it
            Leadership leadership = config.cluster() == null ? new SoleNode(self) : new KafkaLeadership(config.cluster().kafka(), self, clock);
            AgentSessions agentSessions = new AgentSessions();
            ClusterRouter clusterRouter = cluster == null ? null : new ClusterRouter(vertx, agentSessions, cluster.sites(), metrics);
            SiteRouter router = clusterRouter == null ? new LocalRouter(agentSessions) : clusterRouter;
            AgentStreams streams = new AgentStreams(vertx);
            Estate estate = new Estate(store, config.sites(), config.siteTimeout().toMillis(), clock.millis());
            estate.load();
            EstateApplier estateApplier = new EstateApplier(estate);
            Commands decisionRecords = new Commands(log, node, clock, LogRecord.Kind.DECISION);
            SitePresence presence = new SitePresence(estate, decisionRecords);
            SiteJudge judge = new SiteJudge(estate, presence, leadership, clock);
            new AgentPresence(agentSessions, estate, presence, self, clock);
            EstateView view = new EstateView(estate, clock);
            IngestService ingest = new IngestService(store, log, node, clock, metrics, 60_000);
            AuditLog audit = new AuditLog(store);
            Commands operatorWrites = new Commands(log, node, clock);
            Users users = new Users(store, operatorWrites, clock, audit);
            users.load();
            Sessions sessions = new Sessions(store, operatorWrites, decisionRecords, leadership, users, clock, config.auth().sessionIdle(),
                    config.auth().sessionMax(), metrics);
            sessions.load();
            Registry registry = new Registry(operatorWrites, audit, estate, estateApplier);
            WorkItems items = new WorkItems(store, operatorWrites, audit, registry);
            items.load();
            CheckpointActivity activity = new CheckpointActivity(store);
            activity.load();

            ingest.screen(estateApplier::screen);
            ingest.register(estateApplier); // first: what the other features read of the estate is as of this message
            ingest.register(items.projection());
            CommandService commands = new CommandService(vertx, store, router, operatorWrites, decisionRecords, leadership, clock, metrics);
            commands.load();
            ingest.register(commands.answers());
            CommandCheck commandCheck = CommandCheck.load(config.deviceTypes());
            DeviceCommandService deviceCommands = new DeviceCommandService(store, commandCheck, agentSessions, router, operatorWrites, decisionRecords,
                    leadership, audit, clock, metrics, config.commands());
            deviceCommands.load();
            ingest.register(deviceCommands.projection());
            List<String> siteIds = config.sites().stream().map(HubConfig.SiteSection::id).toList();
            WhitelistService whitelist = new WhitelistService(vertx, store, operatorWrites, agentSessions, () -> siteIds, clock, metrics).audited(audit);
            ingest.register(whitelist.projection());
            SiteConfigService siteConfigs = new SiteConfigService(store, operatorWrites, agentSessions, siteIds, clock, metrics, audit, registry, estate.transitions());
            siteConfigs.load();
            ingest.register(siteConfigs.projection());
            CheckpointRecords checkpointRecords = new CheckpointRecords(store, activity);
            ingest.register(checkpointRecords.projection());
            CheckpointAlerts alerts = new CheckpointAlerts(items, checkpointRecords);
            vertx.setPeriodic(10_000, t -> ingest.sweepGaps());
            metrics.gauge("gmeye.process.heap_used_bytes", ProcessStats::heapUsed);
            metrics.gauge("gmeye.process.heap_live_bytes", ProcessStats::heapLiveAfterGc);
            metrics.gauge("gmeye.process.cpu_load", ProcessStats::cpuLoad);
            metrics.gauge("gmeye.process.threads", Thread::activeCount);
            metrics.gauge("gmeye.agents.connected", agentSessions::count);

            OnlineRates rates = new OnlineRates(estate, clock);
            EstateGauges gauges = new EstateGauges(rates, estate, clock).register(metrics, siteIds);
            vertx.setPeriodic(1, 5_000, t -> vertx.executeBlocking(() -> {
                gauges.refresh();
                return null;
            }, false));
            CheckpointActivityRoutes checkpoints = new CheckpointActivityRoutes(estate, activity, items, whitelist, clock);
            LiveStream stream = new LiveStream(vertx, sessions, rates, clock, metrics, 1_000);
            items.onChange(stream::workItemChanged);
            deviceCommands.onChange(c -> stream.changed("commands", p -> p.canSee(c.site()), c));
            deviceCommands.onBatch(b -> stream.changed("batches", p -> p.allSites() || p.name().equals(b.sentBy())
                    || (b.site() != null && p.canSee(b.site())), b.view()));
            ingest.onStored(stream::stored);
            activity.onCounted(stream::passCounted);

            LiveRelay live = new LiveRelay(view, commands, vertx, metrics, Duration.ofSeconds(30), streams, node);
            List<ApiRoutes> routes = new ArrayList<>();
            routes.add(new AuthRoutes(users, sessions, audit, clock, metrics)); // first: the gate in front of /api/v1
            routes.add(new EstateRoutes(view, ingest, store, log, metrics, clock));
            routes.add(new RegistryRoutes(registry, estate));
            routes.add(new OnlineRoutes(rates, estate, clock));
            routes.add(new WorkItemRoutes(items, store));
            routes.add(checkpoints);
            routes.add(new CheckpointRoutes(vertx, whitelist, checkpointRecords));
            routes.add(new CheckpointAlertRoutes(alerts));
            routes.add(new DeviceRoutes(estate, clock));
            routes.add(new DeviceTypeRoutes(commandCheck.catalog()));
            routes.add(new CommandRoutes(deviceCommands, estate, clock));
            routes.add(new CameraCallRoutes(view, commands, store, live, metrics));
            // event clips come from agents on demand, piece by piece over the agents' MQTT link, through the commands snapshots use
            ClipFetcher clipFetcher = new ClipFetcher(vertx, commands, new ClipCache(Path.of(config.dataDir()).resolve("clip-cache"),
                    config.clips().cacheSize().bytes()), (int) config.clips().pieceSize().bytes(), Duration.ofSeconds(10), Duration.ofMinutes(10),
                    clock, metrics, streams);
            routes.add(new ClipRoutes(view, clipFetcher, Duration.ofSeconds(30)));
            routes.add(new RecordingRoutes(view, commands, clock));
            routes.add(new PtzRoutes(registry, commands, metrics));
            routes.add(new GbCatalogRoutes(estate, commands));
            routes.add(new AgentCommandRoutes(commands));
            routes.add(new SiteConfigRoutes(siteConfigs, router));
            routes.add(stream);
            routes.add(new OpenApiRoutes());
            routes.add(new DashboardRoutes());
            AgentMqttServer mqtt = new AgentMqttServer(config.mqtt(), new SiteCredentials(config.sites()), agentSessions, ingest, metrics, clock);
            mqtt.onLiveFrame(live::arrived);
            mqtt.onClipChunk(clipFetcher::arrived);
            HttpApi http = new HttpApi(config.http(), routes);
            // restore before serving: agents and operators are let in once this node has applied the log as it stood
            LogAppliers appliers = new LogAppliers().on(LogRecord.Kind.PUBLISH, ingest).on(LogRecord.Kind.COMMAND, operatorWrites)
                    .on(LogRecord.Kind.DECISION, decisionRecords);
            // this node's address on the event bus is known to the others before its agents connect
            Future<Void> routed = clusterRouter == null ? Future.succeededFuture() : clusterRouter.start();
            // the first admin only once the log is applied: a node joining a cluster finds the accounts there
            return routed.compose(r -> Future.fromCompletionStage(hubLog.start(appliers), vertx.getOrCreateContext()))
                    // a member before it serves (the log's topic exists now): the leader never takes this node's connections for a dead node's
                    .compose(v -> Future.fromCompletionStage(leadership.start().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS),
                            vertx.getOrCreateContext()))
                    .compose(v -> vertx.executeBlocking(() -> users.ensureAdmin(config.auth().initialAdminPassword())))
                    // judged once the log is applied: connections an earlier run held end now, silences are noticed from here,
                    // and sessions that expired while the hub was down are forgotten (if this node leads)
                    .compose(adminPassword -> Future.fromCompletionStage(judge.check().thenCompose(v -> sessions.sweep()), vertx.getOrCreateContext())
                            .map(v -> adminPassword))
                    .compose(adminPassword -> vertx.deployVerticle(mqtt).compose(id -> vertx.deployVerticle(http))
                            .map(id -> {
                                vertx.setPeriodic(2_000, t -> judge.check());
                                vertx.setPeriodic(1_000, t -> deviceCommands.sweep()); // the leader's: its ends go through the log
                                // the leader's too; often, so a 1.8 s snapshot call that nobody answers is told so within about 2 s
                                vertx.setPeriodic(200, t -> commands.sweep());
                                vertx.setPeriodic(60_000, t -> sessions.sweep()); // the leader's: expiries go through the log
                                return new Hub(vertx, store, hubLog, mqtt, http, commands, view, ingest, adminPassword, whitelist, checkpointRecords,
                                        judge, leadership, deviceCommands, clipFetcher, cluster, sessions);
                            }))
                    .onFailure(e -> {
                        leadership.close();
                        closeRouting(cluster);
                        vertx.close();
                        hubLog.close();
                        store.close();
                    });
        } catch (RuntimeException e) {
            closeRouting(cluster);
            vertx.close();
            if (log != null) {
                log.close();
            }
            store.close();
            return Future.failedFuture(e);
        }
    }

    public int mqttPort() {
        return mqtt.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** "METHOD /path" of every HTTP route with a method. */
    public List<String> httpRoutes() {
        return http.mounted();
    }

    /** Event clips fetched from agents on demand. */
    public ClipFetcher clips() {
        return clips;
    }

    public CommandService commands() {
        return commands;
    }

    /** Whether this node judges the cluster's time-driven state now. */
    public Leadership leadership() {
        return leadership;
    }

    /** Operators' login sessions. */
    public Sessions sessions() {
        return sessions;
    }

    /** Operators' commands to devices. */
    public DeviceCommandService deviceCommands() {
        return deviceCommands;
    }

    public EstateView estate() {
        return estate;
    }

    public Store store() {
        return store;
    }

    public WhitelistService whitelist() {
        return whitelist;
    }

    public CheckpointRecords checkpoints() {
        return checkpoints;
    }

    public IngestService ingest() {
        return ingest;
    }

    public HubLog log() {
        return log;
    }

    /** The admin password made on first start, to print once; empty on later starts or when the configuration gave it. */
    public Optional<String> initialAdminPassword() {
        return initialAdminPassword;
    }

    private static void closeRouting(ClusterNode cluster) {
        if (cluster != null) {
            cluster.sites().close();
        }
    }

    @Override
    public void close() {
        // a silence going on is decided with its start before the node stops, so the history keeps it across the restart
        judge.check().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        leadership.close(); // leaves the group: another node leads without waiting out this one's session
        closeRouting(cluster);
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        log.close();
        store.close();
    }
}
