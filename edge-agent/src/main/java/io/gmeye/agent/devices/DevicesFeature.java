package io.gmeye.agent.devices;

import io.gmeye.agent.devices.broker.SiteBrokerBridge;
import io.gmeye.agent.devices.coap.CoapDeviceEndpoint;
import io.gmeye.agent.devices.command.DeviceCommands;
import io.gmeye.agent.devices.health.DeviceConnectivity;
import io.gmeye.agent.devices.health.DeviceHealthReporter;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.mqtt.MqttDeviceEndpoint;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Field devices at the agent: the type catalog and registry, the MQTT and CoAP endpoints, the
 * ingest pipeline into the outbox, connectivity reports and commands. One object to wire in the
 * app: construct, {@link #start()}, register {@link #commandHandler()} under
 * {@value DeviceCommands#NAME}, {@link #stop()}.
 */
public final class DevicesFeature {
    private final Vertx vertx;
    private final DevicesConfig config;
    private final DeviceRegistry registry;
    private final DeviceConnectivity connectivity;
    private final DeviceLinks links = new DeviceLinks();
    private final DeviceIngest ingest;
    private final DeviceCommands commands;
    private final DeviceHealthReporter health;
    private final MqttDeviceEndpoint mqtt;
    private final CoapDeviceEndpoint coap;
    private final SiteBrokerBridge broker;
    private final List<String> deployments = new ArrayList<>();
    private long healthTimer = -1;

    /** {@code persons}: the district's salted hash for device fields of kind person (checkpoint.salt); null refuses such fields. */
    public DevicesFeature(String site, Vertx vertx, Outbox outbox, Clock clock, Metrics metrics, DevicesConfig config, Path root,
                          PersonRef persons) {
        this.vertx = vertx;
        this.config = config;
        DeviceTypeCatalog catalog = DeviceTypeCatalog.load(root.resolve(config.typesDir()));
        this.registry = DeviceRegistry.load(root.resolve(config.registryFile()), catalog);
        this.connectivity = new DeviceConnectivity(registry, clock, config.offlineAfterHeartbeats());
        this.ingest = new DeviceIngest(site, outbox, connectivity, links, clock, metrics, persons);
        this.commands = new DeviceCommands(site, vertx, registry, links, ingest, outbox, clock, metrics, config.commandTimeout());
        this.health = new DeviceHealthReporter(connectivity, outbox, clock, metrics, site, config.healthBatchSize(),
                config.fullHealthInterval().toMillis());
        this.mqtt = config.mqtt().enabled() ? new MqttDeviceEndpoint(config.mqtt(), registry, ingest, links, metrics) : null;
        this.coap = config.coap().enabled() ? new CoapDeviceEndpoint(config.coap(), registry, ingest, links, metrics) : null;
        if (mqtt != null) {
            links.add(mqtt);
        }
        this.broker = config.broker().enabled() ? new SiteBrokerBridge(config.broker(), registry, ingest, metrics) : null;
        if (coap != null) {
            links.add(coap);
        }
        if (broker != null) {
            links.add(broker); // last: a device connected to the agent itself is reached directly
        }
        metrics.gauge("gmeye.devices.online", connectivity::online);
        metrics.gauge("gmeye.devices.total", connectivity::total);
    }

    public Future<?> start() {
        List<Future<String>> deploying = new ArrayList<>();
        if (mqtt != null) {
            deploying.add(vertx.deployVerticle(mqtt).onSuccess(deployments::add));
        }
        if (coap != null) {
            deploying.add(vertx.deployVerticle(coap).onSuccess(deployments::add));
        }
        if (broker != null) {
            deploying.add(vertx.deployVerticle(broker).onSuccess(deployments::add));
        }
        return Future.all(deploying).compose(v -> commands.resume()).onSuccess(v -> {
            health.tick();
            healthTimer = vertx.setPeriodic(config.healthInterval().toMillis(), t -> health.tick());
        });
    }

    public Future<?> stop() {
        vertx.cancelTimer(healthTimer);
        List<Future<Void>> undeploying = new ArrayList<>();
        deployments.forEach(id -> undeploying.add(vertx.undeploy(id)));
        deployments.clear();
        return Future.join(undeploying);
    }

    /** Serves exactly these devices from now on (a configuration from the hub); a bad list changes nothing. */
    public void replaceDevices(List<io.gmeye.agent.devices.registry.DeviceEntry> entries) {
        registry.replace(entries);
        connectivity.sync(registry);
    }

    public CommandHandler commandHandler() {
        return commands;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    public DeviceIngest ingest() {
        return ingest;
    }

    public DeviceLink links() {
        return links;
    }

    /** For AgentHealth.devicesOnline / devicesTotal. */
    public DeviceConnectivity connectivity() {
        return connectivity;
    }

    /** Bound MQTT ports (plain, then TLS); empty when MQTT is off. */
    public List<Integer> mqttPorts() {
        return mqtt == null ? List.of() : mqtt.ports();
    }

    /** Bound CoAP ports (plain, then DTLS); empty when CoAP is off. */
    public List<Integer> coapPorts() {
        return coap == null ? List.of() : coap.ports();
    }
}
