package io.gmeye.agent.camera.ingest;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.protocols.config.CameraSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to open for one camera and how: the URL, the FFmpeg options real deployments need, and
 * how much of it to decode.
 *
 * @param safeUrl         the URL without its password, for reasons and logs
 * @param keepMillis      video kept from a keyframe on (an event clip's pre-roll), 0: the newest group of pictures
 * @param socketTimeoutMs FFmpeg's own socket timeout: never shorter than the connect timeout, so
 *                        that the connect timeout decides how long a camera may take to answer
 *                        (stalls while streaming are the watch's: stallAfter)
 * @param source          for a camera whose stream is handed to the agent (a GB/T 28181 channel), where it comes from; null for a URL
 * @param ffmpegBecause   null when the agent's own RTSP reader reads it ({@link NativeRtspStream}), else why FFmpeg's does
 */
record StreamTarget(String camera, String url, String safeUrl, DecodeMode mode, int decodeThreads, long socketTimeoutMs,
                    long keepBytes, long keepMillis, Map<String, String> formatOptions, StreamSource source, String ffmpegBecause) {

    private static final long RECORDING_KEEP_MS = 3_000;

    static StreamTarget of(CameraSpec spec, CameraConfig config, boolean watchedByScene) {
        return of(spec, config, watchedByScene, List.of());
    }

    /** @param sources where streams handed to the agent come from, by URL scheme */
    static StreamTarget of(CameraSpec spec, CameraConfig config, boolean watchedByScene, List<StreamSource> sources) {
        Map<String, String> o = new LinkedHashMap<>();
        String url = spec.url();
        long socketTimeoutMs = Math.max(config.ioTimeout().toMillis(), config.connectTimeout().toMillis());
        StreamSource source = sources.stream().filter(s -> url.startsWith(s.scheme())).findFirst().orElse(null);
        // a handed stream arrives as it comes (RTP put back in order): FFmpeg only demuxes it, with the PES headers' PTS/DTS
        if (source == null && url.startsWith("rtsp")) {
            o.put("rtsp_transport", spec.transport());
            // FFmpeg 5+ names the RTSP socket I/O timeout "timeout" (it was "stimeout"), in microseconds
            o.put("timeout", Long.toString(socketTimeoutMs * 1000));
            // no use_wallclock_as_timestamps: it stamps B-frames in decode order. Packets keep the camera's
            // timestamps (the order pictures are shown in); their arrival on the agent's clock is FfmpegStream's
            if ("udp".equals(spec.transport())) {
                o.put("buffer_size", Integer.toString(4 << 20)); // a 1080p keyframe is many datagrams at once
            }
        } else if (source == null) {
            socketTimeoutMs = config.ioTimeout().toMillis();
            o.put("rw_timeout", Long.toString(socketTimeoutMs * 1000));
        }
        o.put("fflags", "+genpts+discardcorrupt");
        if (source != null) {
            // a handed stream starts with a keyframe and its stream map names the codec: a snapshot waits on this
            o.put("analyzeduration", "200000");
            o.put("probesize", "1000000");
        } else {
            // find the stream's parameters from the first second, not the default five
            o.put("analyzeduration", "1000000");
            o.put("probesize", "2000000");
        }
        return new StreamTarget(spec.id(), url, redact(url), DecodeMode.of(spec.decode(), watchedByScene), config.decodeThreads(),
                socketTimeoutMs, config.keepPackets().bytes(),
                // a recorded camera's next segment starts with the keyframe the last one stopped before: keep it a while
                Math.max(config.clips().keepMillis(), config.recordings().records(spec) ? RECORDING_KEEP_MS : 0), Map.copyOf(o), source,
                ffmpegBecause(spec, source));
    }

    /** Why FFmpeg's reader reads this camera, null when the agent's own does (RTSP over TCP, unless told otherwise). */
    static String ffmpegBecause(CameraSpec spec, StreamSource source) {
        if ("ffmpeg".equals(spec.reader())) {
            return "reader: ffmpeg";
        }
        if (source != null || !spec.url().startsWith("rtsp://")) {
            return "not an rtsp:// URL";
        }
        return "udp".equals(spec.transport()) ? "RTP over UDP" : null;
    }

    /** rtsp://user:secret@host/x becomes rtsp://user:***@host/x. */
    static String redact(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = url.indexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return url.substring(0, scheme + 3) + user + ":***" + url.substring(at);
    }
}
