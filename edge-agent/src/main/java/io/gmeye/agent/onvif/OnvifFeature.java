package io.gmeye.agent.onvif;

import io.gmeye.agent.camera.CameraFinder;
import io.gmeye.agent.camera.FoundCamera;
import io.gmeye.agent.ptz.PtzControl;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.onvif.schema.Profile;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.PtzRequest;
import io.gmeye.protocols.config.CameraSpec;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONVIF cameras of the site: found by WS-Discovery probes, asked for their profiles and stream
 * address, and handed to the camera feature as RTSP cameras; PTZ through their PTZ service. All
 * network calls run on the feature's own thread.
 */
public final class OnvifFeature implements CameraFinder, PtzControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifFeature.class);
    /** A camera that answered a probe but not its setup (busy, rebooting) is tried again this soon. */
    private static final long RETRY_MS = 15_000;

    /**
     * A camera found and set up.
     *
     * @param id           the camera's id at the site: onvif- and its endpoint's uuid
     * @param profileToken the media profile streamed (the largest) and turned
     */
    public record OnvifCamera(String id, String endpoint, String deviceXAddr, String profileToken, String rtspUrl, boolean ptz,
                              String manufacturer, String model) {
    }

    private final OnvifConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final ScheduledExecutorService worker;
    private final Map<String, OnvifCamera> cameras = new LinkedHashMap<>();
    private final Map<String, OnvifClient> clients = new LinkedHashMap<>();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public OnvifFeature(OnvifConfig config, Clock clock, Metrics metrics) {
        config.validate();
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "onvif");
            t.setDaemon(true);
            return t;
        });
    }

    /** Called when cameras were found or changed. */
    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void start() {
        worker.execute(this::round);
    }

    /** One discovery round, then the next: at probeEvery, or sooner while a camera that answered could not be set up. */
    private void round() {
        boolean allSetUp = discoverQuietly();
        if (!worker.isShutdown()) {
            long next = allSetUp ? config.probeEvery().toMillis() : Math.min(config.probeEvery().toMillis(), RETRY_MS);
            worker.schedule(this::round, next, TimeUnit.MILLISECONDS);
        }
    }

    /** Probes now and sets up what answered; completes when done. */
    public CompletableFuture<List<OnvifCamera>> discoverNow() {
        return CompletableFuture.supplyAsync(() -> {
            discover();
            return onvifCameras();
        }, worker);
    }

    private boolean discoverQuietly() {
        try {
            return discover();
        } catch (RuntimeException e) {
            LOG.warn("ONVIF discovery failed: {}", e.toString()); // the next round tries again
            return false;
        }
    }

    /** @return false when a camera answered the probe but could not be set up (it is tried again soon) */
    private boolean discover() {
        List<InetSocketAddress> targets = new ArrayList<>();
        config.probe().forEach(p -> targets.addAll(ProbeTargets.expand(p)));
        List<WsDiscovery.Found> found;
        try {
            found = WsDiscovery.probe(targets, config.multicast(), config.probeTimeout().toMillis());
        } catch (java.io.IOException e) {
            LOG.warn("ONVIF probe not sent: {}", e.getMessage());
            return false;
        }
        boolean allSetUp = true;
        metrics.count("onvif.probe", "outcome", found.isEmpty() ? "none" : "found");
        boolean changed = false;
        for (WsDiscovery.Found f : found) {
            OnvifCamera known;
            synchronized (this) {
                known = cameras.get(idOf(f.endpoint()));
            }
            if (known != null && f.xAddrs().contains(known.deviceXAddr())) {
                continue;
            }
            try {
                OnvifCamera c = setUp(f);
                synchronized (this) {
                    cameras.put(c.id(), c);
                }
                changed = true;
                LOG.info("ONVIF camera {} ({} {}) at {}: streams {}{}", c.id(), c.manufacturer(), c.model(), c.deviceXAddr(),
                        redact(c.rtspUrl()), c.ptz() ? ", PTZ" : "");
            } catch (OnvifException e) {
                allSetUp = false;
                metrics.count("onvif.setup", "outcome", "failed");
                LOG.warn("ONVIF device {} at {}: not set up: {}", f.endpoint(), f.xAddrs(), e.getMessage());
            }
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        return allSetUp;
    }

    private OnvifCamera setUp(WsDiscovery.Found f) {
        String xAddr = f.xAddrs().get(0);
        OnvifClient client = new OnvifClient(xAddr, config.username(), config.password(), config.requestTimeout().toMillis(), clock);
        var info = client.connect();
        Profile profile = client.profiles().stream()
                .max(Comparator.comparingInt(OnvifFeature::pixels))
                .orElseThrow(() -> new OnvifException("the camera has no media profile"));
        String uri = client.streamUri(profile.token);
        String id = idOf(f.endpoint());
        synchronized (this) {
            clients.put(id, client);
        }
        return new OnvifCamera(id, f.endpoint(), xAddr, profile.token, withCredentials(uri), client.hasPtz() && profile.ptzConfiguration != null,
                info.manufacturer, info.model);
    }

    private static int pixels(Profile p) {
        var v = p.videoEncoderConfiguration;
        return v == null || v.resolution == null ? 0 : v.resolution.width * v.resolution.height;
    }

    public synchronized List<OnvifCamera> onvifCameras() {
        return List.copyOf(cameras.values());
    }

    /** The found cameras as the site's RTSP cameras. */
    public synchronized List<CameraSpec> cameras() {
        return found().stream().map(FoundCamera::spec).toList();
    }

    @Override
    public synchronized List<FoundCamera> found() {
        return cameras.values().stream().map(c -> new FoundCamera(
                new CameraSpec(c.id(), c.rtspUrl(), config.transport(), config.decode(), config.tags()),
                new CameraInventory.Source(c.id(), c.manufacturer() + " " + c.model(), "onvif", c.endpoint(), config.tags(), c.ptz())))
                .toList();
    }

    @Override
    public synchronized boolean holds(String cameraId) {
        return cameras.containsKey(cameraId);
    }

    /** Turns a camera; completes when the camera accepted, or fails with its reason. */
    @Override
    public CompletableFuture<Void> ptz(String cameraId, PtzRequest request) {
        OnvifCamera c;
        OnvifClient client;
        synchronized (this) {
            c = cameras.get(cameraId);
            client = clients.get(cameraId);
        }
        if (c == null || client == null) {
            return CompletableFuture.failedFuture(new OnvifException("no ONVIF camera " + cameraId));
        }
        if (!c.ptz()) {
            return CompletableFuture.failedFuture(new OnvifException("camera " + cameraId + " has no PTZ"));
        }
        return CompletableFuture.runAsync(() -> client.ptz(c.profileToken(), request), worker);
    }

    /** onvif- and the endpoint's uuid (urn:uuid:...), in the characters a camera id may have. */
    static String idOf(String endpoint) {
        String tail = endpoint.substring(endpoint.lastIndexOf(':') + 1).replaceAll("[^A-Za-z0-9_.-]", "-");
        String id = "onvif-" + tail;
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private String withCredentials(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0 || uri.indexOf('@', scheme) >= 0 && uri.indexOf('@', scheme) < uri.indexOf('/', scheme + 3)) {
            return uri; // already carries credentials
        }
        String user = URLEncoder.encode(config.username(), StandardCharsets.UTF_8);
        String pass = URLEncoder.encode(config.password(), StandardCharsets.UTF_8);
        return uri.substring(0, scheme + 3) + user + ":" + pass + "@" + uri.substring(scheme + 3);
    }

    private static String redact(String url) {
        return url.replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
