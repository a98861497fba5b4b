package io.gmeye.system;

import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import java.util.List;
import java.util.Map;

/** A site's traffic in proportion: mostly telemetry, then passes, events, health, and now and then an alert. */
final class MixedLoad {
    private MixedLoad() {
    }

    static Body body(int i) {
        return body(i, "");
    }

    /** With {@code p} before every entity's id, so several sites' loads name different cameras, gates and items (as real sites do). */
    static Body body(int i, String p) {
        long now = System.currentTimeMillis();
        if (i % 100 == 0) {
            return new CheckpointAlert(p + "alert-" + i, p + "gate-" + i % 7, AlertState.DISCOVERED, "red_code", "h" + i, "4403**********" + (1000 + i % 9000),
                    p + "pass-" + i, null);
        }
        if (i % 20 == 0) {
            return new InspectionEvent(p + "ev-" + i, EventPhase.NEW, "parking-1", "parking", p + "cam-" + i % 30, List.of("street/demo"), now, now, null,
                    1280, 720, List.of(new DetectedObject("car", 0.8, new Box(100, 200, 300, 150), i, 60_000)), List.of());
        }
        if (i % 5 == 0) {
            return new CheckpointPass(p + "pass-" + i, p + "gate-" + i % 7, p + "sentinel-" + i % 7, p + "turnstile-" + i % 7, "id_card", "h" + i,
                    "4403**********" + (1000 + i % 9000), "green", 36.5, PassDecision.ALLOW, "whitelisted", 42, 3, "passed");
        }
        if (i % 50 == 1) {
            return new AgentHealth("load", i, new OutboxStats(0, 0, 0, Map.of(), 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1);
        }
        return new DeviceTelemetry(p + "sensor-" + i % 50, "temperature", null, Map.of("celsius", 20 + i % 10, "n", i));
    }
}
