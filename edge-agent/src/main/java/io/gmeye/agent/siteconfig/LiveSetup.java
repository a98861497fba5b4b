package io.gmeye.agent.siteconfig;

import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.inspection.InspectionSwitch;
import io.gmeye.agent.inspection.scene.SceneConfig;
import java.util.concurrent.TimeUnit;

/**
 * Applies a checked setup to the running features: devices first (a list with an unknown type
 * was already refused), then cameras (grabbers of removed or changed cameras stop, new ones
 * start), then inspection, restarted only when its scenes changed.
 */
public final class LiveSetup implements SiteConfigHandler.Applier {
    private final DevicesFeature devices;
    private final CameraFeature cameras;
    private final InspectionSwitch inspection;

    /** @param devices null when the agent has no devices section */
    public LiveSetup(DevicesFeature devices, CameraFeature cameras, InspectionSwitch inspection) {
        this.devices = devices;
        this.cameras = cameras;
        this.inspection = inspection;
    }

    @Override
    public void apply(SiteSetup setup) throws Exception {
        if (devices != null) {
            devices.replaceDevices(setup.devices());
        }
        cameras.apply(setup.cameras(), SceneConfig.camerasOf(setup.scenes())); // a watched camera set to auto decodes in full
        if (!setup.scenes().equals(inspection.scenes())) {
            inspection.replace(setup.scenes()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }
}
