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
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceState;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.inspection.SnapshotRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a district's agents say, as envelopes: health of cameras (a share of them down, for
 * reasons real cameras are down), devices and agents; inspection events with their snapshots;
 * checkpoint passes and alerts. Deterministic for a seed.
 */
public final class Traffic {
    /** An inspection event with the two JPEGs it points at (annotated and clean). */
    public record EventWithSnapshots(Envelope<InspectionEvent> event, List<Envelope<Snapshot>> snapshots, List<byte[]> jpegs) {
    }

    private final District district;
    private final Random random;

    public Traffic(District district, long seed) {
        this.district = district;
        this.random = new Random(seed);
    }

    /** Every camera of a site; {@code offlineShare} of them (chosen by camera id, so stable) are down. */
    public Envelope<CameraHealthBatch> cameraHealth(String site, double offlineShare, long now) {
        List<CameraHealth> list = new ArrayList<>();
        for (District.CameraDef c : district.camerasOf(site)) {
            list.add(cameraHealth(c.id(), down(c.id(), offlineShare), now));
        }
        return Envelope.create(site, "agent", now, new CameraHealthBatch(true, list));
    }

    public static CameraHealth cameraHealth(String camera, boolean down, long now) {
        if (!down) {
            return new CameraHealth(camera, CameraState.ONLINE, null, 25, 25, 2048, 1920, 1080, "h264", 40, 0, 0, null, now - 3_600_000);
        }
        int k = Math.floorMod(camera.hashCode(), 3);
        CameraState s = k == 0 ? CameraState.OFFLINE : k == 1 ? CameraState.UNAUTHORIZED : CameraState.NOT_FOUND;
        String reason = k == 0 ? "no frames for 20 s (stream stalled)" : k == 1 ? "RTSP 401: wrong credentials" : "RTSP 404: no such stream";
        return new CameraHealth(camera, s, reason, 0, 0, 0, 0, 0, null, -1, 3, 3, reason, now - 600_000);
    }

    /** Whether a camera is among the {@code share} that are down: by its id, the same every time. */
    public static boolean down(String camera, double share) {
        return Math.floorMod(camera.hashCode() * 31 + 7, 10_000) < share * 10_000;
    }

    public Envelope<DeviceHealthBatch> deviceHealth(String site, double offlineShare, long now) {
        List<DeviceHealth> list = new ArrayList<>();
        for (District.DeviceDef d : district.devicesOf(site)) {
            boolean down = down(d.id(), offlineShare);
            list.add(new DeviceHealth(d.id(), d.type(), down ? DeviceState.OFFLINE : DeviceState.ONLINE, now - (down ? 900_000 : 5_000),
                    now - 3_600_000, down ? "no heartbeat for 3 intervals" : null, 0));
        }
        return Envelope.create(site, "agent", now, new DeviceHealthBatch(true, list));
    }

    public Envelope<AgentHealth> agentHealth(String site, long whitelistVersion, long now) {
        int cams = district.camerasOf(site).size();
        int devs = district.devicesOf(site).size();
        return Envelope.create(site, "agent", now, new AgentHealth("0.1.0", 3_600_000, new OutboxStats(0, 0, 0, Map.of(), 0), 0.4, 200L << 20,
                1L << 30, 64L << 20, 50L << 30, 100L << 30, cams, cams, devs, devs, whitelistVersion));
    }

    public Envelope<DeviceTelemetry> telemetry(District.DeviceDef d, long now) {
        return Envelope.create(d.site(), d.id(), now, new DeviceTelemetry(d.id(), d.type(), now,
                Map.of("value", Math.round(random.nextDouble() * 1000) / 10.0, "battery", 60 + random.nextInt(40))));
    }

    /** A new inspection event of a scene type at a camera, with its annotated and clean snapshots. */
    public EventWithSnapshots inspection(District.CameraDef camera, String sceneType, long now) {
        String eventId = Ulid.next(now);
        int w = 960;
        int h = 540;
        int n = 1 + random.nextInt(3);
        List<StreetPicture.Thing> things = new ArrayList<>();
        List<DetectedObject> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int bw = 80 + random.nextInt(120);
            int bh = 60 + random.nextInt(100);
            int x = random.nextInt(w - bw);
            int y = h / 2 + random.nextInt(h / 2 - bh);
            String label = label(sceneType);
            things.add(new StreetPicture.Thing(label, x, y, bw, bh));
            objects.add(new DetectedObject(label, 0.6 + random.nextDouble() * 0.39, new Box(x, y, bw, bh), i + 1, 120_000 + random.nextInt(600_000)));
            if ("vending".equals(sceneType)) { // a vendor stands with their goods: an umbrella over a cart, boxes that touch
                int gw = Math.min(bw, w - x - bw / 2);
                Box goods = new Box(x + bw / 2.0, y + 4, gw, bh * 0.6);
                things.add(new StreetPicture.Thing("umbrella", (int) goods.x(), (int) goods.y(), (int) goods.w(), (int) goods.h()));
                objects.add(new DetectedObject("umbrella", 0.5 + random.nextDouble() * 0.4, goods, 100 + i, 120_000 + random.nextInt(600_000)));
            }
        }
        long seed = random.nextLong();
        List<Envelope<Snapshot>> snaps = new ArrayList<>();
        List<byte[]> jpegs = new ArrayList<>();
        List<SnapshotRef> refs = new ArrayList<>();
        for (String kind : List.of("annotated", "clean")) {
            byte[] jpeg = StreetPicture.jpeg(w, h, seed, things, kind.equals("annotated"));
            Envelope<Snapshot> s = Envelope.create(camera.site(), camera.id(), now, new Snapshot(eventId, kind, camera.id(), w, h));
            snaps.add(s);
            jpegs.add(jpeg);
            refs.add(new SnapshotRef(s.id(), kind, jpeg.length));
        }
        InspectionEvent e = new InspectionEvent(eventId, EventPhase.NEW, sceneType + "-" + camera.id(), sceneType, camera.id(),
                List.of("scene/" + sceneType), now - 120_000, now, null, w, h, objects, refs);
        return new EventWithSnapshots(Envelope.create(camera.site(), camera.id(), now, e), snaps, jpegs);
    }

    /** The same event ended: no new snapshots. */
    public static Envelope<InspectionEvent> ended(InspectionEvent e, String site, long now) {
        return Envelope.create(site, e.camera(), now, new InspectionEvent(e.eventId(), EventPhase.END, e.scene(), e.sceneType(), e.camera(),
                e.tags(), e.startedAt(), now, now, e.frameWidth(), e.frameHeight(), e.objects(), List.of()));
    }

    private static String label(String sceneType) {
        return switch (sceneType) {
            case "parking" -> "car";
            case "debris" -> "debris";
            case "poster" -> "text";
            case "banner" -> "banner";
            case "out_of_store" -> "chair";
            default -> "person";
        };
    }

    /** A scan at a checkpoint: mostly allowed, sometimes denied (red or yellow code, not on the list). */
    public Envelope<CheckpointPass> pass(District.CheckpointDef cp, long whitelistVersion, long now) {
        int roll = random.nextInt(100);
        boolean deny = roll < 6;
        String code = roll < 2 ? "red" : roll < 4 ? "yellow" : "green";
        String reason = !deny ? null : roll < 2 ? "red_code" : roll < 4 ? "yellow_code" : "not_on_whitelist";
        String hash = Long.toHexString(random.nextLong());
        return Envelope.create(cp.site(), cp.id() + "-sentinel", now, new CheckpointPass(Ulid.next(now), cp.id(), cp.id() + "-sentinel",
                cp.id() + "-turnstile", "id_card", hash, "4403**********" + (1000 + random.nextInt(9000)), code, 36.2 + random.nextInt(10) / 10.0,
                deny ? PassDecision.DENY : PassDecision.ALLOW, reason, whitelistVersion, 20 + random.nextInt(60), deny ? null : "passed"));
    }

    /** An alert as a gate raises it: red_code, yellow_code, fever or listed, with the scan's health code and temperature and the gate's cause. */
    public Envelope<CheckpointAlert> alert(District.CheckpointDef cp, String kind, long now) {
        String code = switch (kind) {
            case "red_code" -> "red";
            case "yellow_code" -> "yellow";
            default -> "green";
        };
        double temperature = "fever".equals(kind) ? 37.6 + random.nextInt(15) / 10.0 : 36.2 + random.nextInt(8) / 10.0;
        String cause = switch (kind) {
            case "red_code" -> "red health code";
            case "yellow_code" -> "yellow health code";
            case "fever" -> "temperature " + temperature + " °C";
            default -> "on the red list";
        };
        return Envelope.create(cp.site(), cp.id() + "-sentinel", now, new CheckpointAlert(Ulid.next(now), cp.id(), AlertState.DISCOVERED, kind,
                Long.toHexString(random.nextLong()), "4403**********" + (1000 + random.nextInt(9000)), null, cause, code, temperature));
    }

    public Random random() {
        return random;
    }
}
