package io.gmeye.rigs.estate;

import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceState;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.inspection.SnapshotRef;
import io.gmeye.protocols.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * One site box as the hub sees it, speaking the agent's wire contract over its own MQTT
 * connection: each second, the second's records (telemetry due, passes, alerts, inspection
 * events, device events) packed into batch publishes as the agent's uplink packs them; snapshots
 * on their own; every 30 s a heartbeat and the camera and device health changes, and every
 * 10 minutes the full health. Sequence numbers run without gaps, as an outbox's do.
 */
final class SiteSimulator {
    private static final int BATCH_RECORDS = 1000;
    private static final int BATCH_BYTES = 256 * 1024;

    /** A device as the simulator drives it: when in its period it reports. */
    private record Device(String id, String type, int period, int phase) {
    }

    /** Report periods by device type, as such devices report in the field; alarms report on change plus a slow keep-alive. */
    private static final Map<String, Integer> PERIOD_SECONDS = Map.ofEntries(Map.entry("noise", 60), Map.entry("pm25", 60), Map.entry("wind", 60),
            Map.entry("radar", 60), Map.entry("sentinel", 60), Map.entry("turnstile", 60), Map.entry("temperature", 120), Map.entry("humidity", 120),
            Map.entry("water_level", 120), Map.entry("parking_sensor", 120), Map.entry("elevator", 120), Map.entry("manhole", 600),
            Map.entry("door", 600), Map.entry("streetlight", 600), Map.entry("trash_bin", 600), Map.entry("electric_meter", 900),
            Map.entry("water_meter", 900), Map.entry("soil", 900), Map.entry("tilt", 900), Map.entry("crack", 900), Map.entry("alarm_button", 900),
            Map.entry("loudspeaker", 900), Map.entry("display", 900));

    private final String site;
    private final List<String> cameras;
    private final List<Device> devices = new ArrayList<>();
    private final List<String> checkpoints;
    private final EstateSim.Rates rates;
    private final EstateStats stats;
    private final byte[] jpeg;
    private final Random random;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final BitSet camerasOffline = new BitSet();
    private final BitSet devicesOffline = new BitSet();
    private final int phase;
    private long seq;
    private long tick;
    private volatile MqttAsyncClient client;

    SiteSimulator(District district, District.SiteDef def, EstateSim.Rates rates, EstateStats stats, byte[] jpeg, long seed) {
        this.site = def.id();
        this.cameras = district.camerasOf(site).stream().map(District.CameraDef::id).toList();
        this.checkpoints = district.checkpointsOf(site).stream().map(District.CheckpointDef::id).toList();
        this.rates = rates;
        this.stats = stats;
        this.jpeg = jpeg;
        this.random = new Random(seed);
        this.phase = random.nextInt(30);
        for (District.DeviceDef d : district.devicesOf(site)) {
            int period = PERIOD_SECONDS.getOrDefault(d.type(), 300);
            devices.add(new Device(d.id(), d.type(), period, random.nextInt(period)));
        }
        for (int i = 0; i < cameras.size(); i++) {
            if (random.nextDouble() < rates.camerasOffline()) {
                camerasOffline.set(i);
            }
        }
    }

    String id() {
        return site;
    }

    boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** Connects once; the caller retries with backoff on failure (the hub may turn a storm away with 0x9F / 0x89). */
    void connect(String url, String secret) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "estate-" + site, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(site);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        o.setKeepAliveInterval(30);
        o.setReceiveMaximum(64);
        c.connect(o).waitForCompletion(15_000);
        client = c;
    }

    void close() {
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            try {
                c.disconnectForcibly(0, 1000, false);
                c.close(true);
            } catch (MqttException ignored) {
                // going away
            }
        }
    }

    /** One second of the site's life; {@code busy} is the time-of-day multiplier. */
    void tick(double busy) {
        long now = System.currentTimeMillis();
        List<Envelope<?>> out = new ArrayList<>();
        boolean heartbeat = (tick + phase) % 30 == 0;
        boolean full = tick == 0 || (tick + phase * 20) % 600 == 0;
        if (heartbeat || full) {
            out.add(envelope(now, "agent", new AgentHealth("0.1.0", tick * 1000, new OutboxStats(0, 0, 0, Map.of(), 0), 0.3, 200L << 20, 1L << 30,
                    300L << 20, 50L << 30, 100L << 30, cameras.size() - camerasOffline.cardinality(), cameras.size(),
                    devices.size() - devicesOffline.cardinality(), devices.size(), 42)));
            out.add(envelope(now, "agent", cameraHealth(now, full)));
            out.add(envelope(now, "agent", deviceHealth(now, full)));
        }
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if ((tick + d.phase()) % d.period() == 0 && !devicesOffline.get(i)) {
                out.add(envelope(now, d.id(), new DeviceTelemetry(d.id(), d.type(), now, Map.of("value", random.nextInt(1000) / 10.0))));
            }
        }
        int passes = poisson(checkpoints.size() * rates.passesPerCheckpointPerMinute() / 60.0 * busy);
        for (int i = 0; i < passes; i++) {
            String cp = checkpoints.get(random.nextInt(checkpoints.size()));
            String passId = Ulid.next(now);
            boolean deny = random.nextDouble() < 0.03;
            out.add(envelope(now, cp, new CheckpointPass(passId, cp, cp + "-sentinel", cp + "-turnstile", "id_card", Long.toHexString(random.nextLong()),
                    "4403**********" + (1000 + random.nextInt(9000)), deny ? "yellow" : "green", 36.0 + random.nextInt(12) / 10.0,
                    deny ? PassDecision.DENY : PassDecision.ALLOW, deny ? "not on the whitelist" : "whitelisted", 4242, 2 + random.nextInt(20),
                    deny ? "refused" : "passed")));
            if (random.nextDouble() < rates.alertShare()) {
                out.add(envelope(now, cp, new CheckpointAlert(Ulid.next(now), cp, AlertState.DISCOVERED, "red_code", Long.toHexString(random.nextLong()),
                        "4403**********" + (1000 + random.nextInt(9000)), passId, null)));
            }
        }
        List<Envelope<Snapshot>> snapshots = new ArrayList<>();
        int events = poisson(cameras.size() * rates.eventsPerCameraPerDay() / 86_400.0 * busy / DayProfile.dailyMean());
        for (int i = 0; i < events; i++) {
            String cam = cameras.get(random.nextInt(cameras.size()));
            String snap = Ulid.next(now);
            String[] scenes = {"street_vending", "piled_debris", "posters", "banners", "parking", "out_of_store"};
            String scene = scenes[random.nextInt(scenes.length)];
            out.add(envelope(now, cam, new InspectionEvent(Ulid.next(now), EventPhase.NEW, scene + "-1", scene, cam, List.of("district/guangming"),
                    now - 60_000, now, null, 1920, 1080, List.of(new DetectedObject("person", 0.8, new Box(400, 300, 120, 260), 1, 60_000)),
                    List.of(new SnapshotRef(snap, "best", jpeg.length)))));
            snapshots.add(envelope(now, cam, new Snapshot(snap, "best", cam, 1920, 1080)));
        }
        int deviceEvents = poisson(devices.size() * rates.deviceEventsPerDevicePerDay() / 86_400.0);
        for (int i = 0; i < deviceEvents; i++) {
            Device d = devices.get(random.nextInt(devices.size()));
            out.add(envelope(now, d.id(), new DeviceEvent(d.id(), d.type(), "threshold", "warning", Map.of("value", 999))));
        }
        tick++;
        send(out, snapshots);
    }

    private CameraHealthBatch cameraHealth(long now, boolean full) {
        List<CameraHealth> list = new ArrayList<>();
        for (int i = 0; i < cameras.size(); i++) {
            boolean flip = !full && random.nextDouble() < rates.cameraFlipsPer30s();
            if (flip) {
                camerasOffline.flip(i);
            }
            if (full || flip) {
                boolean off = camerasOffline.get(i);
                list.add(new CameraHealth(cameras.get(i), off ? CameraState.OFFLINE : CameraState.ONLINE, off ? "no frame for 10 s" : null,
                        off ? 0 : 25, off ? 0 : 5, off ? 0 : 2048, 1920, 1080, "h264", off ? 10_000 : 40, off ? 1 : 0, off ? 1 : 0, null, now - 3_600_000));
            }
        }
        return new CameraHealthBatch(full, list);
    }

    private DeviceHealthBatch deviceHealth(long now, boolean full) {
        List<DeviceHealth> list = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            boolean flip = !full && random.nextDouble() < rates.cameraFlipsPer30s();
            if (flip) {
                devicesOffline.flip(i);
            }
            if (full || flip) {
                Device d = devices.get(i);
                list.add(new DeviceHealth(d.id(), d.type(), devicesOffline.get(i) ? DeviceState.OFFLINE : DeviceState.ONLINE, now - 30_000,
                        now - 3_600_000, null, 0));
            }
        }
        return new DeviceHealthBatch(full, list);
    }

    private <B extends Body> Envelope<B> envelope(long now, String src, B body) {
        return new Envelope<>(Envelope.VERSION, MessageType.forBody(body.getClass()), Ulid.next(now), site, src, now, ++seq, body);
    }

    private void send(List<Envelope<?>> records, List<Envelope<Snapshot>> snapshots) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            stats.skipped(records.size() + snapshots.size());
            return;
        }
        List<byte[]> batch = new ArrayList<>();
        int bytes = 0;
        for (Envelope<?> e : records) {
            byte[] b = codec.encode(e);
            if (!batch.isEmpty() && (batch.size() >= BATCH_RECORDS || bytes + b.length > BATCH_BYTES)) {
                publish(c, Topics.upBatch(site), EnvelopeCodec.joinBatch(batch), null);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(b);
            bytes += b.length + 1;
            stats.record(e.type().wire(), 1);
        }
        if (batch.size() == 1) {
            publish(c, Topics.up(site, records.get(records.size() - 1).type()), batch.get(0), null);
        } else if (!batch.isEmpty()) {
            publish(c, Topics.upBatch(site), EnvelopeCodec.joinBatch(batch), null);
        }
        for (Envelope<Snapshot> s : snapshots) {
            stats.record(s.type().wire(), 1);
            publish(c, Topics.up(site, MessageType.SNAPSHOT), jpeg, codec.encodeToString(s));
        }
    }

    private void publish(MqttAsyncClient c, String topic, byte[] payload, String envelopeHeader) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        if (envelopeHeader != null) {
            MqttProperties p = new MqttProperties();
            p.setUserProperties(List.of(new UserProperty("gm-envelope", envelopeHeader)));
            p.setContentType("image/jpeg");
            m.setProperties(p);
        }
        long t0 = System.nanoTime();
        try {
            c.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    stats.acked(System.nanoTime() - t0, codes != null && codes.length > 0 ? codes[0] : 0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    stats.failure();
                }
            });
            stats.published(payload.length);
        } catch (MqttException e) {
            stats.failure();
        }
    }

    private int poisson(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l && k < 10_000);
        return k - 1;
    }
}
