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
import io.gmeye.hub.checkpoint.CheckpointRecords;
import io.gmeye.hub.checkpoint.CheckpointRoutes;
import io.gmeye.hub.checkpoint.WhitelistService;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.dashboard.DashboardRoutes;
import io.gmeye.hub.devices.DeviceRoutes;
import io.gmeye.hub.devices.LatestTelemetry;
import io.gmeye.hub.estate.EstateProjections;
import io.gmeye.hub.estate.EstateRoutes;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.estate.SiteSilences;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.online.CameraTable;
import io.gmeye.hub.online.OnlineRates;
import io.gmeye.hub.online.RateGroup;
import io.gmeye.hub.online.OnlineRoutes;
import io.gmeye.hub.online.OnlineTimeline;
import io.gmeye.hub.openapi.OpenApiRoutes;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.RegistryProjection;
import io.gmeye.hub.registry.RegistryRoutes;
import io.gmeye.hub.siteconfig.SiteConfigRoutes;
import io.gmeye.hub.siteconfig.SiteConfigService;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.stream.LiveStream;
import io.gmeye.hub.video.CameraCallRoutes;
import io.gmeye.hub.video.PtzRoutes;
import io.gmeye.hub.command.CommandRoutes;
import io.gmeye.hub.video.LiveRelay;
import io.gmeye.hub.workitems.WorkItemRoutes;
import io.gmeye.hub.workitems.WorkItems;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.platform.system.ProcessStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Wires the hub: store, ingest and projections, agent endpoint, commands, pictures on call, views, operators, HTTP API. Wiring only. */
public final class Hub implements AutoCloseable {
    private final Vertx vertx;
    private final Store store;
    private final AgentMqttServer mqtt;
    private final HttpApi http;
    private final CommandService commands;
    private final EstateView estate;
    private final IngestService ingest;
    private final Optional<String> initialAdminPassword;
    private final WhitelistService whitelist;
    private final CheckpointRecords checkpoints;
    private final SiteSilences silences;

    private Hub(Vertx vertx, Store store, AgentMqttServer mqtt, HttpApi http, CommandService commands, EstateView estate, IngestService ingest,
                Optional<String> initialAdminPassword, WhitelistService whitelist, CheckpointRecords checkpoints, SiteSilences silences) {
        this.silences = silences;
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
        MicrometerMetrics metrics = new MicrometerMetrics();
        Vertx vertx = Vertx.vertx();
        Store store = new RocksStore(Path.of(config.dataDir()).resolve("store"), true, metrics);
        try {
            AgentSessions agentSessions = new AgentSessions();
            EstateView estate = new EstateView(config.sites(), agentSessions, clock, 90_000);
            estate.load(store);
            SiteSilences silences = new SiteSilences(estate, store, clock, metrics);
            silences.load();
            agentSessions.onConnect(session -> silences.connected(session.site()));
            agentSessions.onDisconnect(silences::disconnected);
            IngestService ingest = new IngestService(store, clock, metrics, 60_000);
            AuditLog audit = new AuditLog(store);
            Users users = new Users(store, clock, audit);
            users.load();
            Optional<String> adminPassword = users.ensureAdmin(config.auth().initialAdminPassword());
            Sessions sessions = new Sessions(store, users, clock, config.auth().sessionIdle(), config.auth().sessionMax(), metrics);
            sessions.load();
            Registry registry = new Registry(store, clock, audit, config.sites());
            registry.load();
            OnlineTimeline timeline = new OnlineTimeline(silences);
            timeline.load(store);
            CameraTable cameraTable = new CameraTable();
            registry.cameras().values().forEach(cameraTable::registered);
            cameraTable.load(estate.cameras());
            registry.onCamera(cameraTable::registered);
            registry.onRemoval(EstateProjections.removals(estate));
            registry.agentLead(estate::clockAheadMs);
            registry.onRemoval(cameraTable.removals());
            registry.onRemoval(timeline.removals());
            WorkItems items = new WorkItems(store, clock, audit, registry);
            items.load();
            CheckpointActivity activity = new CheckpointActivity(store);
            activity.load();
            LatestTelemetry telemetry = new LatestTelemetry();
            telemetry.load(store);
            registry.onRemoval(telemetry.removals());

            ingest.screen(registry::screen);
            ingest.register(new RegistryProjection(registry));
            EstateProjections.all(estate).forEach(ingest::register);
            ingest.register(timeline.projection());
            ingest.register(cameraTable.projection());
            ingest.register(items.projection());
            ingest.register(activity.projection());
            ingest.register(telemetry.projection());
            CommandService commands = new CommandService(vertx, store, agentSessions, clock, metrics);
            ingest.register(commands.answers());
            List<String> siteIds = config.sites().stream().map(HubConfig.SiteSection::id).toList();
            WhitelistService whitelist = new WhitelistService(vertx, store, agentSessions, () -> siteIds, clock, metrics).audited(audit);
            ingest.register(whitelist.projection());
            SiteConfigService siteConfigs = new SiteConfigService(store, agentSessions, siteIds, clock, metrics, audit, registry);
            siteConfigs.load();
            registry.agentConfig(site -> siteConfigs.agent(site).version());
            ingest.register(siteConfigs.projection());
            CheckpointRecords checkpointRecords = new CheckpointRecords(store).audited(audit);
            ingest.register(checkpointRecords.projection());
            vertx.setPeriodic(10_000, t -> ingest.sweepGaps());
            metrics.gauge("gmeye.process.heap_used_bytes", ProcessStats::heapUsed);
            metrics.gauge("gmeye.process.heap_live_bytes", ProcessStats::heapLiveAfterGc);
            metrics.gauge("gmeye.process.cpu_load", ProcessStats::cpuLoad);
            metrics.gauge("gmeye.process.threads", Thread::activeCount);
            metrics.gauge("gmeye.agents.connected", agentSessions::count);
            vertx.setPeriodic(60_000, t -> sessions.sweep());
            vertx.setPeriodic(2_000, t -> silences.check());

            OnlineRates rates = new OnlineRates(registry, estate, cameraTable, clock);
            CheckpointActivityRoutes checkpoints = new CheckpointActivityRoutes(registry, estate, activity, items, clock);
            estate.registered(visible -> {
                RateGroup all = rates.overall(rates.scope(visible, null, null));
                return new long[] {all.total(), all.online()};
            }, visible -> registry.devices().values().stream().filter(d -> visible.test(d.entry().site())).count());
            estate.checkpoints(visible -> registry.checkpoints().values().stream().filter(c -> visible.test(c.entry().site())).count(),
                    visible -> {
                        long now = clock.millis();
                        var gates = checkpoints.gates();
                        return registry.checkpoints().values().stream()
                                .filter(c -> visible.test(c.entry().site()) && checkpoints.online(c, gates, now)).count();
                    });
            LiveStream stream = new LiveStream(vertx, sessions, rates, clock, metrics, 1_000);
            items.onChange(stream::workItemChanged);
            ingest.onStored(stream::stored);

            LiveRelay live = new LiveRelay(estate, commands, vertx, metrics, Duration.ofSeconds(30));
            List<ApiRoutes> routes = new ArrayList<>();
            routes.add(new AuthRoutes(users, sessions, audit, clock, metrics)); // first: the gate in front of /api/v1
            routes.add(new EstateRoutes(estate, ingest, store, metrics, clock));
            routes.add(new RegistryRoutes(registry));
            routes.add(new OnlineRoutes(rates, timeline, registry, store, clock));
            routes.add(new WorkItemRoutes(items, store));
            routes.add(checkpoints);
            routes.add(new CheckpointRoutes(vertx, whitelist, checkpointRecords, clock));
            routes.add(new DeviceRoutes(registry, estate, telemetry, store, clock));
            routes.add(new CameraCallRoutes(estate, commands, store, live, metrics));
            routes.add(new PtzRoutes(registry, commands, metrics));
            routes.add(new CommandRoutes(commands));
            routes.add(new SiteConfigRoutes(siteConfigs, agentSessions));
            routes.add(stream);
            routes.add(new OpenApiRoutes());
            routes.add(new DashboardRoutes());
            AgentMqttServer mqtt = new AgentMqttServer(config.mqtt(), new SiteCredentials(config.sites()), agentSessions, ingest, metrics, clock);
            mqtt.onLiveFrame(live::frame);
            HttpApi http = new HttpApi(config.http(), routes);
            return vertx.deployVerticle(mqtt).compose(id -> vertx.deployVerticle(http))
                    .map(id -> new Hub(vertx, store, mqtt, http, commands, estate, ingest, adminPassword, whitelist, checkpointRecords, silences))
                    .onFailure(e -> {
                        vertx.close();
                        store.close();
                    });
        } catch (RuntimeException e) {
            vertx.close();
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

    public CommandService commands() {
        return commands;
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

    /** The admin password made on first start, to print once; empty on later starts or when the configuration gave it. */
    public Optional<String> initialAdminPassword() {
        return initialAdminPassword;
    }

    @Override
    public void close() {
        silences.check(); // a silence going on is stored with its start, so the history keeps it across the restart
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        store.close();
    }
}
