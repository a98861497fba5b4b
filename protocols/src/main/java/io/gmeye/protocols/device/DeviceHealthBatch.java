package io.gmeye.protocols.device;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/** Connectivity of a site's devices: all of them when {@code full}, else the changes since the last report. */
public record DeviceHealthBatch(boolean full, List<DeviceHealth> devices) implements Body {
    public DeviceHealthBatch {
        devices = Require.list(devices);
    }
}
