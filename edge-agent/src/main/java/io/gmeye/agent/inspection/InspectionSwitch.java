package io.gmeye.agent.inspection;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import io.gmeye.agent.inspection.scene.SceneConfig;

/**
 * The running inspection service, replaceable as a whole when the site's scenes change (a
 * configuration from the hub): the old one stops (its models closed), a new one starts with the
 * new scenes. Scene changes are rare; reloading the models then is simpler than patching a
 * running pipeline.
 */
public final class InspectionSwitch {
    private final Function<InspectionConfig, InspectionService> make;
    private volatile InspectionConfig config;
    private volatile InspectionService current;

    public InspectionSwitch(InspectionConfig config, Function<InspectionConfig, InspectionService> make) {
        this.config = config;
        this.make = make;
    }

    public synchronized Future<Void> start() {
        current = make.apply(config);
        return current.start();
    }

    /** Stops the running service and starts one with these scenes. */
    public synchronized Future<Void> replace(List<SceneConfig> scenes) {
        InspectionConfig next = config.withScenes(scenes);
        next.validate();
        InspectionService old = current;
        if (old == null) { // not started yet: it starts with these
            config = next;
            return Future.succeededFuture();
        }
        return old.stop().compose(v -> {
            config = next;
            current = make.apply(next);
            return current.start();
        });
    }

    public InspectionService current() {
        return current;
    }

    public List<SceneConfig> scenes() {
        return config.scenes();
    }

    public InspectionStatus status() {
        return current.status();
    }

    public Future<Void> stop() {
        return current == null ? Future.succeededFuture() : current.stop();
    }
}
