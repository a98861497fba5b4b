package io.gmeye.agent.siteconfig;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.platform.config.Validated;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.config.DeviceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a configuration bundle from the hub with the same rules as agent.yaml: the camera
 * section's checks, device ids and types against the loaded type catalog, scenes bound and
 * checked by the same loader as the file's {@code inspection.scenes} (durations as text,
 * unknown fields refused, each problem named by its field). Nothing is applied here.
 */
public final class BundleCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BundleCheck.class);

    /** Only the scenes of a bundle, bound like the file's inspection section. */
    public record Scenes(List<SceneConfig> scenes) implements Validated {
        public Scenes {
            scenes = scenes == null ? List.of() : List.copyOf(scenes);
        }

        @Override
        public void validate() {
        }
    }

    private final CameraConfig cameras;
    private final InspectionConfig inspection;
    private final DeviceRegistry devices;
    private final Map<String, DeviceEntry> fileDevices = new LinkedHashMap<>();
    private final YamlConfigLoader loader = new YamlConfigLoader("GMEYE_BUNDLE_NEVER_");

    /**
     * @param cameras    the file's camera section: its timeouts stay, its camera list is replaced
     * @param inspection the file's inspection section: its models stay, its scenes are replaced
     * @param devices    the agent's device registry, null when it has no devices section
     * @param fileDevices the devices of the agent's own registry file, whose credentials a bundle's device keeps
     */
    public BundleCheck(CameraConfig cameras, InspectionConfig inspection, DeviceRegistry devices, List<DeviceEntry> fileDevices) {
        this.cameras = cameras;
        this.inspection = inspection;
        this.devices = devices;
        fileDevices.forEach(d -> this.fileDevices.put(d.id(), d));
    }

    /**
     * The bundle kept in the data dir, checked again (the device types or the file may have
     * changed since); empty when there is none or it no longer passes, which is logged: the agent
     * then runs agent.yaml's until the hub sends another.
     */
    public Optional<SiteSetup> kept(SiteConfigFile file) {
        Optional<ConfigBundle> kept = file.load();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        try {
            SiteSetup setup = check(kept.get());
            LOG.info("running the hub's configuration version {} kept in {}", setup.version(), file);
            return Optional.of(setup);
        } catch (RuntimeException e) {
            LOG.error("the hub's configuration version {} kept in {} no longer passes its checks ({}); running agent.yaml's until the hub "
                    + "sends another", kept.get().version(), file, e.getMessage());
            return Optional.empty();
        }
    }

    /** The checked setup, or IllegalArgumentException (or ConfigException) with the first problem by field. */
    public SiteSetup check(ConfigBundle b) {
        if (b.version() <= 0) {
            throw new IllegalArgumentException("version: must be above 0, got " + b.version());
        }
        if (b.whitelist() != null) {
            throw new IllegalArgumentException("whitelist: comes as whitelist.delta, not in a configuration bundle");
        }
        List<CameraSpec> cams = b.cameras();
        try {
            cameras.withCameras(cams).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cameras: " + e.getMessage(), e);
        }
        List<DeviceEntry> entries = deviceEntries(b.devices());
        List<SceneConfig> scenes = scenes(b);
        Set<String> cameraIds = new HashSet<>();
        cams.forEach(c -> cameraIds.add(c.id()));
        for (int i = 0; i < scenes.size(); i++) {
            if (!cameraIds.contains(scenes.get(i).camera())) {
                throw new IllegalArgumentException("scenes[" + i + "].camera: '" + scenes.get(i).camera() + "' is not one of the cameras "
                        + cameraIds);
            }
        }
        inspection.withScenes(scenes).validate();
        return new SiteSetup(b.version(), cams, entries, scenes);
    }

    private List<DeviceEntry> deviceEntries(List<DeviceSpec> specs) {
        if (devices == null) {
            if (!specs.isEmpty()) {
                throw new IllegalArgumentException("devices: this agent has no devices section, so it cannot serve " + specs.size()
                        + " devices (enable devices in agent.yaml)");
            }
            return List.of();
        }
        List<DeviceEntry> entries = new ArrayList<>(specs.size());
        for (DeviceSpec s : specs) {
            DeviceEntry local = fileDevices.get(s.id());
            String secret = s.secret() != null ? s.secret() : local == null ? null : local.secret();
            entries.add(new DeviceEntry(s.id(), s.type(), secret, local == null ? null : local.psk(), s.checkpoint(), s.tags()));
        }
        devices.check(entries);
        return entries;
    }

    private List<SceneConfig> scenes(ConfigBundle b) {
        if (b.scenes().isEmpty()) {
            return List.of();
        }
        try {
            // JSON is YAML: the file's loader binds and checks the scenes exactly as it does agent.yaml's
            String text = Json.mapper().writeValueAsString(Map.of("scenes", b.scenes()));
            return loader.loadString("config bundle v" + b.version(), text, Scenes.class, Map.of()).scenes();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("scenes: not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
