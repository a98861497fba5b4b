package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A camera the agent should pull.
 *
 * @param transport tcp (default) or udp
 * @param decode    auto (default: full where an inspection scene watches the camera, else ondemand), full,
 *                  keyframes (skip_frame=nokey), or ondemand (nothing decoded until a sample, snapshot or viewer asks)
 * @param reader    auto (null, the default: the agent's own RTSP reader for RTSP over TCP, FFmpeg's for the rest), native or
 *                  ffmpeg; left out of JSON when not given, so a hub that does not know the field echoes configurations unchanged
 */
public record CameraSpec(String id, String url, String transport, String decode, List<String> tags,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String reader) {
    /** What agent.yaml and the hub accept for {@code transport} and {@code decode}. */
    public static final java.util.Set<String> TRANSPORTS = java.util.Set.of("tcp", "udp");
    public static final java.util.Set<String> DECODE_MODES = java.util.Set.of("auto", "full", "keyframes", "ondemand");
    public static final java.util.Set<String> READERS = java.util.Set.of("auto", "native", "ffmpeg");

    public CameraSpec {
        Require.text(id, "id");
        Require.text(url, "url");
        transport = transport == null ? "tcp" : transport;
        decode = decode == null ? "auto" : decode;
        tags = Require.list(tags);
    }

    /** The reader asked for: auto when none was given. */
    public String readerMode() {
        return reader == null ? "auto" : reader;
    }

    /** A camera read as {@code reader: auto} says. */
    public CameraSpec(String id, String url, String transport, String decode, List<String> tags) {
        this(id, url, transport, decode, tags, null);
    }
}
