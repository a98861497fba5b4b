package io.gmeye.agent.config;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.checkpoint.CheckpointConfig;
import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.gb28181.GbConfig;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.onvif.OnvifConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import io.gmeye.protocols.topic.Topics;
import java.time.Duration;

/**
 * The agent's one configuration file (agent.yaml), each feature a section. Environment
 * variables override fields: GMEYE_HUB_URL, GMEYE_HUB_PASSWORD, GMEYE_OUTBOX_MAXBYTES...
 *
 * @param dataDir    where the outbox and other state live
 * @param devices    field devices over MQTT and CoAP; absent: none
 * @param checkpoint smart checkpoints (needs devices); absent: none
 * @param cameras    the site's RTSP cameras and how they are pulled; absent: none
 * @param inspection AI inspection scenes on those cameras; absent: none
 * @param gb28181    the agent as a GB/T 28181 platform cameras and NVRs register to; absent: off
 * @param onvif      ONVIF cameras found by WS-Discovery; absent: off
 */
public record AgentConfig(String site, String dataDir, UplinkConfig hub, OutboxSection outbox, HealthSection health, DevicesConfig devices,
                          CheckpointConfig checkpoint, CameraConfig cameras, InspectionConfig inspection, GbConfig gb28181,
                          OnvifConfig onvif)
        implements Validated {

    /**
     * @param maxBytes    the outbox never grows beyond this: over it, the eviction policy drops the least valuable records, counted
     * @param diskReserve free disk the outbox leaves the box: below it, it evicts by the same policy
     */
    public record OutboxSection(ByteSize maxBytes, ByteSize diskReserve) {
        public OutboxSection {
            maxBytes = maxBytes == null ? new ByteSize(1L << 30) : maxBytes;
            diskReserve = diskReserve == null ? new ByteSize(256L << 20) : diskReserve;
        }
    }

    /** @param interval how often the agent's heartbeat goes to the hub */
    public record HealthSection(Duration interval) implements Validated {
        public HealthSection {
            interval = interval == null ? Duration.ofSeconds(10) : interval;
        }

        @Override
        public void validate() {
            if (interval.toMillis() < 100) {
                throw new IllegalArgumentException("interval: at least 100ms, got " + interval.toMillis() + "ms");
            }
        }
    }

    public AgentConfig {
        dataDir = dataDir == null ? "data/agent" : dataDir;
        outbox = outbox == null ? new OutboxSection(null, null) : outbox;
        health = health == null ? new HealthSection(null) : health;
        cameras = cameras == null ? CameraConfig.of(java.util.List.of()) : cameras;
        inspection = inspection == null ? InspectionConfig.defaults() : inspection;
        gb28181 = gb28181 == null ? new GbConfig(false, null, null, null, null, 0, null, null, null, 0, null, null, null, null, null) : gb28181;
        onvif = onvif == null ? new OnvifConfig(false, null, null, null, false, null, null, null, null, null, null) : onvif;
    }

    /** An agent without GB/T 28181 and ONVIF cameras. */
    public AgentConfig(String site, String dataDir, UplinkConfig hub, OutboxSection outbox, HealthSection health, DevicesConfig devices,
                       CheckpointConfig checkpoint, CameraConfig cameras, InspectionConfig inspection) {
        this(site, dataDir, hub, outbox, health, devices, checkpoint, cameras, inspection, null, null);
    }

    /** An agent without inspection scenes. */
    public AgentConfig(String site, String dataDir, UplinkConfig hub, OutboxSection outbox, HealthSection health, DevicesConfig devices,
                       CheckpointConfig checkpoint, CameraConfig cameras) {
        this(site, dataDir, hub, outbox, health, devices, checkpoint, cameras, null, null, null);
    }

    /** An agent with field devices and checkpoints but no cameras. */
    public AgentConfig(String site, String dataDir, UplinkConfig hub, OutboxSection outbox, HealthSection health, DevicesConfig devices,
                       CheckpointConfig checkpoint) {
        this(site, dataDir, hub, outbox, health, devices, checkpoint, null, null, null, null);
    }

    /** An agent without field devices or checkpoints. */
    public AgentConfig(String site, String dataDir, UplinkConfig hub, OutboxSection outbox, HealthSection health) {
        this(site, dataDir, hub, outbox, health, null, null, null, null, null, null);
    }

    @Override
    public void validate() {
        if (!Topics.validId(site)) {
            throw new IllegalArgumentException("site: '" + site + "' is not a valid site id (letters, digits, - _ . :, at most 64)");
        }
        if (hub == null) {
            throw new IllegalArgumentException("hub: is required (url and password of the central hub)");
        }
        if (checkpoint != null && checkpoint.enabled() && (devices == null || !devices.enabled())) {
            throw new IllegalArgumentException("checkpoint: needs the devices section (sentinels and turnstiles are devices)");
        }
        java.util.Set<String> cameraIds = new java.util.HashSet<>();
        cameras.cameras().forEach(c -> cameraIds.add(c.id()));
        for (int i = 0; i < inspection.scenes().size(); i++) {
            String camera = inspection.scenes().get(i).camera();
            boolean found = gb28181.enabled() && camera.matches("\\d{20}") || onvif.enabled() && camera.startsWith("onvif-");
            if (!cameraIds.contains(camera) && !found) { // channels and ONVIF cameras are found at run time
                throw new IllegalArgumentException("inspection.scenes[" + i + "].camera: '" + camera + "' is not one of the cameras " + cameraIds);
            }
        }
    }
}
