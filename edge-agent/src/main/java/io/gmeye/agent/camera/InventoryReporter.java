package io.gmeye.agent.camera;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.envelope.Envelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the hub what it should list of the cameras the agent found (camera.inventory through the
 * outbox): all of them at start, then each camera whose entry changed, in parts of at most
 * {@value #PART} cameras so an NVR estate fits the envelope's size.
 */
public final class InventoryReporter {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryReporter.class);
    static final int PART = 400;

    private final String site;
    private final Outbox outbox;
    private final Clock clock;
    private final Map<String, CameraInventory.Source> sent = new HashMap<>();

    public InventoryReporter(String site, Outbox outbox, Clock clock) {
        this.site = site;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Sends what changed since the last call (everything the first time). */
    public synchronized void report(List<FoundCamera> found) {
        List<CameraInventory.Source> changed = new ArrayList<>();
        for (FoundCamera f : found) {
            if (!f.source().equals(sent.get(f.spec().id()))) {
                changed.add(f.source());
            }
        }
        for (int i = 0; i < changed.size(); i += PART) {
            List<CameraInventory.Source> part = changed.subList(i, Math.min(changed.size(), i + PART));
            outbox.append(Envelope.create(site, "agent", clock.millis(), new CameraInventory(List.copyOf(part))))
                    .whenComplete((seq, e) -> {
                        if (e != null) {
                            LOG.warn("camera inventory not kept for the hub, sent again with the next change: {}", e.getMessage());
                            forget(part);
                        }
                    });
        }
        changed.forEach(s -> sent.put(s.camera(), s));
    }

    private synchronized void forget(List<CameraInventory.Source> part) {
        part.forEach(s -> sent.remove(s.camera(), s));
    }
}
