package io.gmeye.hub.app;

import io.gmeye.hub.agents.AgentMqttServer;
import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.agents.SiteCredentials;
import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.HttpApi;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.estate.EstateProjections;
import io.gmeye.hub.estate.EstateRoutes;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Store;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.platform.system.ProcessStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Wires the hub: store, ingest and projections, agent endpoint, commands, HTTP API. Wiring only. */
public final class Hub implements AutoCloseable {
    private final Vertx vertx;
    private final Store store;
    private final AgentMqttServer mqtt;
    private final HttpApi http;
    private final CommandService commands;
    private final EstateView estate;
    private final IngestService ingest;

    private Hub(Vertx vertx, Store store, AgentMqttServer mqtt, HttpApi http, CommandService commands, EstateView estate,
                IngestService ingest) {
        this.vertx = vertx;
        this.store = store;
        this.mqtt = mqtt;
        this.http = http;
        this.commands = commands;
        this.estate = estate;
        this.ingest = ingest;
    }

    public static Future<Hub> start(HubConfig config) {
        Clock clock = Clock.systemUTC();
        MicrometerMetrics metrics = new MicrometerMetrics();
        Vertx vertx = Vertx.vertx();
        Store store = new RocksStore(Path.of(config.dataDir()).resolve("store"), true, metrics);
        AgentSessions sessions = new AgentSessions();
        EstateView estate = new EstateView(config.sites(), sessions, clock, 90_000);
        estate.load(store);
        IngestService ingest = new IngestService(store, clock, metrics, 60_000);
        EstateProjections.all(estate).forEach(ingest::register);
        CommandService commands = new CommandService(vertx, store, sessions, clock, metrics);
        ingest.register(commands.answers());
        vertx.setPeriodic(10_000, t -> ingest.sweepGaps());
        metrics.gauge("gmeye.process.heap_used_bytes", ProcessStats::heapUsed);
        metrics.gauge("gmeye.process.heap_live_bytes", ProcessStats::heapLiveAfterGc);
        metrics.gauge("gmeye.process.cpu_load", ProcessStats::cpuLoad);
        metrics.gauge("gmeye.process.threads", Thread::activeCount);
        metrics.gauge("gmeye.agents.connected", sessions::count);

        List<ApiRoutes> routes = new ArrayList<>();
        routes.add(new EstateRoutes(estate, ingest, store, metrics));
        AgentMqttServer mqtt = new AgentMqttServer(config.mqtt(), new SiteCredentials(config.sites()), sessions, ingest, metrics, clock);
        HttpApi http = new HttpApi(config.http(), routes);
        return vertx.deployVerticle(mqtt).compose(id -> vertx.deployVerticle(http))
                .map(id -> new Hub(vertx, store, mqtt, http, commands, estate, ingest))
                .onFailure(e -> {
                    vertx.close();
                    store.close();
                });
    }

    public int mqttPort() {
        return mqtt.actualPort();
    }

    public int httpPort() {
        return http.actualPort();
    }

    public CommandService commands() {
        return commands;
    }

    public IngestService ingest() {
        return ingest;
    }

    public Store store() {
        return store;
    }

    public EstateView estate() {
        return estate;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        store.close();
    }
}
