package io.gmeye.agent.app;

import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.checkpoint.CheckpointFeature;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.command.DeviceCommands;
import io.gmeye.agent.gb28181.CatalogHandler;
import io.gmeye.agent.gb28181.GbFeature;
import io.gmeye.agent.onvif.OnvifFeature;
import io.gmeye.agent.ptz.PtzControl;
import io.gmeye.agent.ptz.PtzHandler;
import io.gmeye.agent.health.HealthSources;
import io.gmeye.agent.health.AgentHealthReporter;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.inspection.InspectionService;
import io.gmeye.agent.inspection.InspectionStatus;
import io.gmeye.agent.inspection.InspectionSwitch;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.siteconfig.BundleCheck;
import io.gmeye.agent.siteconfig.LiveSetup;
import io.gmeye.agent.siteconfig.SiteConfigFile;
import io.gmeye.agent.siteconfig.SiteConfigHandler;
import io.gmeye.agent.siteconfig.SiteSetup;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.agent.uplink.CommandRouter;
import io.gmeye.agent.uplink.MqttUplink;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.platform.time.MonotonicClock;
import io.gmeye.protocols.envelope.MessageType;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Wires one agent: outbox, uplink, heartbeat and the features. Wiring only; each part is tested on its own. */
public final class Agent implements AutoCloseable {
    private final Vertx vertx;
    private final RocksOutbox outbox;
    private final MqttUplink uplink;
    private final AgentHealthReporter health;
    private final DevicesFeature devices;
    private final CheckpointFeature checkpoints;
    private final CameraFeature cameras;
    private final InspectionSwitch inspection;
    private final SiteConfigHandler siteConfig;
    private final GbFeature gb28181;
    private final OnvifFeature onvif;
    private final FaceRule faces;
    private final SharedDetectors detectors;

    private Agent(Vertx vertx, RocksOutbox outbox, MqttUplink uplink, AgentHealthReporter health, DevicesFeature devices,
                  CheckpointFeature checkpoints, CameraFeature cameras, InspectionSwitch inspection, SiteConfigHandler siteConfig,
                  GbFeature gb28181, OnvifFeature onvif, FaceRule faces, SharedDetectors detectors) {
        this.faces = faces;
        this.detectors = detectors;
        this.vertx = vertx;
        this.outbox = outbox;
        this.uplink = uplink;
        this.health = health;
        this.devices = devices;
        this.checkpoints = checkpoints;
        this.cameras = cameras;
        this.inspection = inspection;
        this.siteConfig = siteConfig;
        this.gb28181 = gb28181;
        this.onvif = onvif;
    }

    public static Agent start(AgentConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** @param clock wall time: event times; ages and uptime follow elapsed time, so a clock jump cannot bend them */
    public static Agent start(AgentConfig config, Clock clock) {
        return start(config, clock, new MicrometerMetrics());
    }

    /** @param metrics where the agent counts (a test reads them; the agent serves no scrape endpoint of its own) */
    public static Agent start(AgentConfig config, Clock clock, MicrometerMetrics metrics) {
        Vertx vertx = Vertx.vertx();
        Path data = Path.of(config.dataDir());
        RocksOutbox outbox = new RocksOutbox(data.resolve("outbox"), config.outbox().maxBytes().bytes(),
                config.outbox().diskReserve().bytes(), MonotonicClock.startingAt(clock), metrics);
        CommandRouter commands = new CommandRouter(clock);
        MqttUplink uplink = new MqttUplink(config.site(), config.hub(), outbox, commands, metrics, clock);
        AgentHealthReporter health = new AgentHealthReporter(vertx, config.site(), outbox, clock, data, config.health().interval());
        HealthSources sources = HealthSources.none();
        DevicesFeature devices = null;
        if (config.devices() != null && config.devices().enabled()) {
            devices = new DevicesFeature(config.site(), vertx, outbox, clock, metrics, config.devices(), Path.of(""),
                    config.checkpoint() == null ? null : config.checkpoint().persons());
            commands.register(DeviceCommands.NAME, devices.commandHandler());
            sources = sources.withDevices(devices.connectivity()::online, devices.connectivity()::total);
        }
        // the hub's configuration (cameras, devices, scenes) kept from the last run overrides agent.yaml's
        SiteConfigFile siteFile = new SiteConfigFile(data);
        BundleCheck bundleCheck = new BundleCheck(config.cameras(), config.inspection(), devices == null ? null : devices.registry(),
                devices == null ? List.of() : devices.registry().entries());
        Optional<SiteSetup> kept = bundleCheck.kept(siteFile);
        if (devices != null && kept.isPresent()) {
            devices.replaceDevices(kept.get().devices());
        }
        // each model loads once, however many parts run it: the face rule's person boxes and the object scenes share YOLOX
        SharedDetectors detectors = new SharedDetectors();
        // a site rule, inspection or not: every picture and clip that leaves the site obeys it (the face model loads here, once)
        FaceRule faces = FaceRule.load(config.inspection(), detectors, metrics);
        CameraFeature cameras = new CameraFeature(kept.map(k -> config.cameras().withCameras(k.cameras())).orElse(config.cameras()),
                config.site(), outbox, uplink, clock, metrics, data, faces);
        CheckpointFeature checkpoints = null;
        if (devices != null && config.checkpoint() != null && config.checkpoint().enabled()) {
            checkpoints = new CheckpointFeature(config.site(), vertx, outbox, clock, metrics, config.checkpoint(), devices, data,
                    cameras.clips());
            uplink.onDownlink(MessageType.WHITELIST_DELTA, checkpoints.whitelist());
            sources = sources.withWhitelist(checkpoints.whitelistVersion());
        }
        cameras.commandHandlers().forEach(commands::register);
        // cameras the agent finds itself: GB/T 28181 devices that register, ONVIF cameras it discovers
        GbFeature gb28181 = null;
        if (config.gb28181().enabled()) {
            gb28181 = new GbFeature(config.gb28181(), data, clock, metrics);
            try {
                gb28181.start();
            } catch (javax.sip.SipException e) {
                throw new IllegalStateException("gb28181: " + e.getMessage(), e);
            }
            cameras.addFinder(gb28181);
            commands.register(CatalogHandler.NAME, new CatalogHandler(gb28181, clock, metrics));
        }
        OnvifFeature onvif = null;
        if (config.onvif().enabled()) {
            onvif = new OnvifFeature(config.onvif(), clock, metrics);
            cameras.addFinder(onvif);
        }
        commands.register(PtzHandler.NAME, new PtzHandler(java.util.stream.Stream.of(gb28181, onvif).filter(java.util.Objects::nonNull)
                .map(PtzControl.class::cast).toList(), clock, metrics));
        sources = sources.withCameras(() -> (int) cameras.health().stream().filter(h -> h.state().countsOnline()).count(),
                () -> cameras.health().size()).withClips(() -> cameras.clipStats().orElse(null))
                .withRecordings(() -> cameras.recordingStats().orElse(null));
        InspectionConfig inspecting = kept.map(k -> config.inspection().withScenes(k.scenes())).orElse(config.inspection());
        cameras.watchedByScenes(SceneConfig.camerasOf(inspecting.scenes())); // a watched camera set to auto decodes in full
        // loads its models off the event loop; a missing one leaves its scenes inactive, not the agent down
        InspectionSwitch inspection = new InspectionSwitch(inspecting,
                c -> new InspectionService(vertx, outbox, cameras.frames(), cameras.clips(), clock, metrics, config.site(), c, faces,
                        detectors));
        SiteConfigHandler siteConfig = new SiteConfigHandler(config.site(), bundleCheck, siteFile,
                new LiveSetup(devices, cameras, inspection), outbox, metrics, kept.map(SiteSetup::version).orElse(0L));
        uplink.onDownlink(MessageType.CONFIG_BUNDLE, siteConfig);
        sources = sources.withConfigVersion(siteConfig::version);
        health.sources(sources);
        uplink.start();
        health.start();
        if (devices != null) {
            await(devices.start());
        }
        if (checkpoints != null) {
            await(checkpoints.start());
        }
        cameras.start();
        if (onvif != null) {
            onvif.start();
        }
        await(inspection.start());
        health.sources(sources.withInspection(() -> inspection.status().inactive().stream().collect(java.util.stream.Collectors.toMap(
                InspectionStatus.SceneState::scene, s -> s.reason() == null ? "inactive" : s.reason(), (a, b) -> a))));
        siteConfig.ready();
        return new Agent(vertx, outbox, uplink, health, devices, checkpoints, cameras, inspection, siteConfig, gb28181, onvif, faces,
                detectors);
    }

    private static void await(io.vertx.core.Future<?> f) {
        f.toCompletionStage().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    public DevicesFeature devices() {
        return devices;
    }

    public CheckpointFeature checkpoints() {
        return checkpoints;
    }

    public CameraFeature cameras() {
        return cameras;
    }

    /** The inspection service running now (a new configuration from the hub replaces it). */
    public InspectionService inspection() {
        return inspection.current();
    }

    /** The hub's site configuration at this agent: the version it runs. */
    public SiteConfigHandler siteConfig() {
        return siteConfig;
    }

    /** The GB/T 28181 platform, or null when the section is off. */
    public GbFeature gb28181() {
        return gb28181;
    }

    /** ONVIF discovery, or null when the section is off. */
    public OnvifFeature onvif() {
        return onvif;
    }

    public RocksOutbox outbox() {
        return outbox;
    }

    public MqttUplink uplink() {
        return uplink;
    }

    @Override
    public void close() {
        siteConfig.ready(); // bundles already taken are applied before the features stop
        siteConfig.close();
        health.stop();
        inspection.stop().toCompletionStage().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        cameras.close();
        faces.close();
        detectors.close(); // last: inspection and the face rule have stopped running them
        if (onvif != null) {
            onvif.close();
        }
        if (gb28181 != null) {
            gb28181.close(); // after the cameras: their streams' BYEs go out first
        }
        if (checkpoints != null) {
            checkpoints.stop().toCompletionStage().toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        if (devices != null) {
            devices.stop().toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        uplink.close();
        outbox.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
