package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A camera the agent should pull.
 *
 * @param transport tcp (default) or udp
 * @param decode    auto (default: full where an inspection scene watches the camera, else ondemand), full,
 *                  keyframes (skip_frame=nokey), or ondemand (nothing decoded until a sample, snapshot or viewer asks)
 */
public record CameraSpec(String id, String url, String transport, String decode, List<String> tags) {
    /** What agent.yaml and the hub accept for {@code transport} and {@code decode}. */
    public static final java.util.Set<String> TRANSPORTS = java.util.Set.of("tcp", "udp");
    public static final java.util.Set<String> DECODE_MODES = java.util.Set.of("auto", "full", "keyframes", "ondemand");

    public CameraSpec {
        Require.text(id, "id");
        Require.text(url, "url");
        transport = transport == null ? "tcp" : transport;
        decode = decode == null ? "auto" : decode;
        tags = Require.list(tags);
    }
}
