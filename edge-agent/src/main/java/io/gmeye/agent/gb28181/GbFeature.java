package io.gmeye.agent.gb28181;

import io.gmeye.agent.camera.CameraFinder;
import io.gmeye.agent.camera.FoundCamera;
import io.gmeye.agent.camera.ingest.StreamSource;
import io.gmeye.agent.gb28181.device.CatalogAssembly;
import io.gmeye.agent.gb28181.device.ChannelView;
import io.gmeye.agent.gb28181.device.GbDeviceFile;
import io.gmeye.agent.gb28181.device.GbDevices;
import io.gmeye.agent.gb28181.sip.DigestAuth;
import io.gmeye.agent.gb28181.sip.Registrar;
import io.gmeye.agent.gb28181.sip.SipClient;
import io.gmeye.agent.gb28181.sip.SipServer;
import io.gmeye.agent.ptz.PtzControl;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.camera.PtzRequest;
import io.gmeye.protocols.config.CameraSpec;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.SipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a GB/T 28181 platform: devices register to it, keep alive, list their channels,
 * stream on INVITE and turn on DeviceControl. Its channels are cameras of the site
 * ({@link #devices()}), streamed through {@link #media()}.
 */
public final class GbFeature implements CameraFinder, StreamSource, PtzControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GbFeature.class);
    private static final long CATALOG_GIVE_UP_MS = 10_000;

    private final GbConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final GbDevices devices;
    private final CatalogAssembly catalogs = new CatalogAssembly(CATALOG_GIVE_UP_MS);
    private final ScheduledExecutorService scheduler;
    private SipServer sip;
    private DeviceQueries queries;
    private MediaSessions media;

    public GbFeature(GbConfig config, Path dataDir, Clock clock, Metrics metrics) {
        config.validate();
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.devices = new GbDevices(new GbDeviceFile(dataDir), clock, config.keepaliveInterval().toMillis(), config.keepaliveMisses());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gb28181-work");
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens for devices; fails with the reason when the SIP port cannot be bound. */
    public void start() throws SipException {
        GbSipListener listener = new GbSipListener();
        sip = SipServer.start("gmeye-gb28181-" + config.port() + "-" + System.identityHashCode(this), config.host(), config.port(), listener);
        String address = config.reachableAddress();
        SipClient client = new SipClient(sip, config.id(), config.domain(), address);
        queries = new DeviceQueries(devices, client, config.requestTimeout().toMillis());
        media = new MediaSessions(config, devices, client, metrics);
        Registrar registrar = new Registrar(config, sip, new DigestAuth(config.domain(), clock, 600_000), devices, clock, metrics,
                id -> scheduler.execute(() -> welcome(id)));
        listener.bind(sip, registrar, new DeviceInbox(sip, devices, catalogs, queries, clock, metrics), client, media);
        scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        LOG.info("GB/T 28181: platform {} (domain {}) listening on {}:{} UDP and TCP, devices reach it at {}", config.id(),
                config.domain(), config.host(), sip.port(), address);
    }

    /** A device that just registered: what is it, and which channels does it have. */
    private void welcome(String deviceId) {
        queries.catalog(deviceId).whenComplete((v, e) -> {
            if (e != null) {
                LOG.info("GB/T 28181 device {}: catalog query failed: {}", deviceId, e.getMessage());
            }
        });
        queries.ask(deviceId, "DeviceInfo").whenComplete((m, e) -> {
            if (e != null) {
                LOG.debug("GB/T 28181 device {}: no DeviceInfo: {}", deviceId, e.toString());
            }
        });
    }

    private void sweep() {
        try {
            devices.sweep();
            for (CatalogAssembly.Catalog c : catalogs.overdue(clock.millis())) {
                LOG.info("GB/T 28181 device {}: catalog parts stopped coming, {} of {} items taken", c.deviceId(), c.items().size(),
                        c.sumNum());
                devices.catalog(c.deviceId(), c.items(), false);
            }
        } catch (RuntimeException e) {
            LOG.error("GB/T 28181 sweep failed", e); // the next one tries again
        }
    }

    public GbDevices devices() {
        return devices;
    }

    public MediaSessions media() {
        return media;
    }

    public DeviceQueries queries() {
        return queries;
    }

    public GbConfig config() {
        return config;
    }

    /** URLs of GB/T 28181 channels: the stream is invited from the channel's device, not pulled from an address. */
    public static final String SCHEME = "gb28181:";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Availability availability(String camera) {
        return devices.channel(camera)
                .map(c -> new Availability(c.online(), c.online() ? "registered, streamed on demand" : c.reason()))
                .orElse(new Availability(false, "no GB/T 28181 device lists channel " + camera));
    }

    @Override
    public Input open(String camera) throws Unavailable {
        MediaSessions.Session s;
        try {
            s = media.open(camera);
        } catch (GbException e) {
            throw new Unavailable(e.getMessage());
        }
        String what = "channel " + camera + " of device " + s.deviceId() + ", RTP over " + s.mediaTransport() + " to port " + s.input().port();
        return new Input() {
            @Override
            public String format() {
                return "mpeg";
            }

            @Override
            public int read(byte[] buf, int off, int len) throws java.io.IOException {
                return s.input().read(buf, off, len);
            }

            @Override
            public String describe() {
                return what;
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    @Override
    public long noDataTimeoutMs() {
        return config.media().rtpTimeout().toMillis();
    }

    @Override
    public long releaseAfterMs() {
        return config.media().releaseAfter().toMillis();
    }

    /** Every channel of every device that registered (online or not) as a camera of the site. */
    @Override
    public List<FoundCamera> found() {
        List<FoundCamera> out = new ArrayList<>();
        for (ChannelView c : devices.channels()) {
            List<String> tags = tagsOf(c);
            out.add(new FoundCamera(new CameraSpec(c.id(), SCHEME + c.id(), config.mediaTransportOf(c.deviceId()), config.decode(), tags),
                    new CameraInventory.Source(c.id(), c.name(), "gb28181", c.deviceId(), tags, c.ptz())));
        }
        return out;
    }

    @Override
    public void onChange(Runnable listener) {
        devices.onChange(listener);
    }

    /** The device's tags from the configuration, and the tag its civil code maps to (the longest matching prefix). */
    private List<String> tagsOf(ChannelView c) {
        List<String> tags = new ArrayList<>();
        GbConfig.Device d = config.device(c.deviceId());
        if (d != null) {
            tags.addAll(d.tags());
        }
        String civil = c.civilCode();
        String best = null;
        if (civil != null) {
            for (var e : config.civilTags().entrySet()) {
                if (civil.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
                    best = e.getKey();
                }
            }
        }
        if (best != null && !tags.contains(config.civilTags().get(best))) {
            tags.add(config.civilTags().get(best));
        }
        return tags;
    }

    @Override
    public boolean holds(String camera) {
        return devices.deviceOf(camera).isPresent();
    }

    @Override
    public CompletableFuture<Void> ptz(String channelId, PtzRequest request) {
        return queries.ptz(channelId, request);
    }

    /** The SIP port bound (the configured one). */
    public int port() {
        return sip.port();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (media != null) {
            media.closeAll();
        }
        if (sip != null) {
            sip.close();
        }
    }
}
