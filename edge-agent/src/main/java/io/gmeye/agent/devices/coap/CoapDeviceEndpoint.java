package io.gmeye.agent.devices.coap;

import io.gmeye.agent.devices.DeviceLink;
import io.gmeye.agent.devices.DeviceLinks;
import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.CoapPaths;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP server for field devices (Californium, Scandium for DTLS-PSK):
 * {@code POST /v1/{id}/telemetry}, {@code POST /v1/{id}/event}, observe {@code /v1/{id}/cmd}.
 * Californium calls back on its own threads; the work is handed to this verticle's Vert.x
 * context with runOnContext, and the response goes out when the outbox write completes.
 */
public final class CoapDeviceEndpoint extends VerticleBase implements DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(CoapDeviceEndpoint.class);

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private final DevicesConfig.Coap config;
    private final DeviceRegistry registry;
    private final DeviceIngest ingest;
    private final DeviceLinks links;
    private final Metrics metrics;
    private final Map<String, CoapDeviceResource> resources = new ConcurrentHashMap<>();
    private CoapServer server;
    private final List<Endpoint> endpoints = new ArrayList<>();

    public CoapDeviceEndpoint(DevicesConfig.Coap config, DeviceRegistry registry, DeviceIngest ingest, DeviceLinks links, Metrics metrics) {
        this.config = config;
        this.registry = registry;
        this.ingest = ingest;
        this.links = links;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
            Configuration cfg = Configuration.createStandardWithoutFile();
            cfg.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 64 * 1024);
            server = new CoapServer(cfg);
            CoapEndpoint plain = new CoapEndpoint.Builder().setConfiguration(cfg)
                    .setInetSocketAddress(new InetSocketAddress(config.host(), config.port())).build();
            server.addEndpoint(plain);
            endpoints.add(plain);
            if (config.dtlsPort() >= 0 && RegistryPskStore.anyKey(registry)) {
                CoapEndpoint dtls = new CoapEndpoint.Builder().setConfiguration(cfg).setConnector(dtlsConnector(cfg)).build();
                server.addEndpoint(dtls);
                endpoints.add(dtls);
            }
            server.add(new DevicesRoot());
            server.start();
            LOG.info("device CoAP endpoint listening on {}", ports());
            return null;
        });
    }

    private DTLSConnector dtlsConnector(Configuration cfg) {
        DtlsFailures failures = new DtlsFailures(metrics);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(cfg)
                .setAddress(new InetSocketAddress(config.host(), config.dtlsPort()))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .setAdvancedPskStore(new RegistryPskStore(registry, failures)) // read at each handshake: keys added live count
                .setConnectionListener(failures)
                .build();
        return new DTLSConnector(dtls);
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (server != null) {
                server.destroy();
            }
            return null;
        });
    }

    /** Bound UDP ports: plain first, then DTLS when configured. */
    public List<Integer> ports() {
        return endpoints.stream().map(e -> e.getAddress().getPort()).toList();
    }

    boolean allowPlain() {
        return config.allowPlain();
    }

    DeviceIngest ingest() {
        return ingest;
    }

    void refused() {
        metrics.count("gmeye.devices.connects", "transport", "coap", "outcome", "refused");
    }

    void becameReachable(String deviceId) {
        onVertx(() -> links.becameReachable(deviceId));
    }

    /** Californium's thread hands the work to Vert.x. */
    void onVertx(Runnable work) {
        context.runOnContext(v -> work.run());
    }

    @Override
    public boolean reachable(String deviceId) {
        CoapDeviceResource r = resources.get(deviceId);
        return r != null && r.commands().observed();
    }

    @Override
    public CompletableFuture<Void> send(String deviceId, byte[] payload) {
        CoapDeviceResource r = resources.get(deviceId);
        if (r == null || !r.commands().observed()) {
            return CompletableFuture.failedFuture(GmeyeException.unavailable(deviceId + " does not observe " + CoapPaths.command(deviceId)));
        }
        return r.commands().offer(payload);
    }

    /** {@code /v1}: children are made on first use for known devices only. */
    private final class DevicesRoot extends CoapResource {
        DevicesRoot() {
            super(CoapPaths.ROOT);
        }

        @Override
        public Resource getChild(String name) {
            CoapDeviceResource existing = resources.get(name);
            if (existing != null) {
                return existing;
            }
            return registry.find(name).map(k -> {
                CoapDeviceResource r = resources.computeIfAbsent(k.id(), id -> new CoapDeviceResource(k, CoapDeviceEndpoint.this));
                r.setParent(this);
                return (Resource) r;
            }).orElse(null);
        }
    }
}
