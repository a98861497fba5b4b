package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_PROTOCOL_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.gmeye.protocols.camera.CameraState;
import java.nio.charset.StandardCharsets;

/** Turns FFmpeg's error codes into a camera state and a reason an operator can act on. */
final class FailureText {
    // errno values as FFmpeg returns them, AVERROR(e) = -e (Linux)
    private static final int ECONNREFUSED = -111;
    private static final int ETIMEDOUT = -110;
    private static final int EHOSTUNREACH = -113;
    private static final int ENETUNREACH = -101;
    private static final int ECONNRESET = -104;
    private static final int EPIPE = -32;
    private static final int EIO = -5;

    private FailureText() {
    }

    static StreamFailure classify(int ret, StreamWatch watch, StreamTarget target, String action) {
        String where = target.safeUrl();
        StreamWatch.Trip trip = watch == null ? StreamWatch.Trip.NONE : watch.tripped();
        // when our watch interrupted FFmpeg, it reports that as whatever error its caller made of it
        if (ret == AVERROR_EXIT || trip != StreamWatch.Trip.NONE) {
            return switch (trip) {
                case STALLED -> stalled(where, watch.stallAfterMs());
                case CONNECT_TIMEOUT -> new StreamFailure(CameraState.OFFLINE, "no answer from " + where + " within " + watch.connectTimeoutMs() / 1000.0 + " s");
                case STOPPED -> new StreamFailure(CameraState.OFFLINE, "stopped");
                case NONE -> new StreamFailure(CameraState.OFFLINE, "interrupted while trying to " + action + " " + where);
            };
        }
        if (ret == AVERROR_HTTP_UNAUTHORIZED) {
            return new StreamFailure(CameraState.UNAUTHORIZED, "the camera refused the credentials (401) for " + where + ": check user and password");
        }
        if (ret == AVERROR_HTTP_FORBIDDEN) {
            return new StreamFailure(CameraState.UNAUTHORIZED, "the camera forbids this user (403) at " + where);
        }
        if (ret == AVERROR_HTTP_NOT_FOUND) {
            return new StreamFailure(CameraState.NOT_FOUND, "no stream at " + where + " (404): check the path");
        }
        if (ret == AVERROR_PROTOCOL_NOT_FOUND) {
            return new StreamFailure(CameraState.NOT_FOUND, "unsupported URL scheme in " + where);
        }
        if (ret == ECONNREFUSED) {
            return new StreamFailure(CameraState.OFFLINE, "connection refused by " + where + ": nothing listens there");
        }
        if (ret == ETIMEDOUT && "read".equals(action)) {
            return stalled(where, target.socketTimeoutMs()); // FFmpeg's own socket timeout beat the watch
        }
        if (ret == ETIMEDOUT) {
            return new StreamFailure(CameraState.OFFLINE, "timed out trying to " + action + " " + where);
        }
        if (ret == EHOSTUNREACH || ret == ENETUNREACH) {
            return new StreamFailure(CameraState.OFFLINE, "host unreachable: " + where);
        }
        if (ret == AVERROR_EOF || ret == ECONNRESET || ret == EPIPE) {
            return new StreamFailure(CameraState.OFFLINE, "the camera closed the stream (" + text(ret) + ") at " + where);
        }
        if (ret == EIO && "connect".equals(action)) {
            return new StreamFailure(CameraState.OFFLINE, "cannot reach " + where + " (" + text(ret) + "; is the host name right?)");
        }
        return new StreamFailure(CameraState.OFFLINE, "could not " + action + " " + where + ": " + text(ret));
    }

    /**
     * The agent's own RTSP reader's failures, in the same words as FFmpeg's: a trip of the watch
     * (it closed the socket), an RTSP status, a socket error.
     */
    static StreamFailure of(java.io.IOException e, StreamWatch watch, StreamTarget target, String action, long tookMs) {
        if (watch != null && watch.tripped() != StreamWatch.Trip.NONE) {
            return classify(AVERROR_EXIT, watch, target, action);
        }
        if (e instanceof io.gmeye.agent.camera.rtsp.RtspFailure f) {
            return switch (f.kind()) {
                case CLOSED -> classify(AVERROR_EOF, watch, target, action);
                case STATUS -> switch (f.status()) {
                    case 401 -> classify(AVERROR_HTTP_UNAUTHORIZED, watch, target, action);
                    case 403 -> classify(AVERROR_HTTP_FORBIDDEN, watch, target, action);
                    case 404 -> classify(AVERROR_HTTP_NOT_FOUND, watch, target, action);
                    default -> new StreamFailure(CameraState.OFFLINE, "could not " + action + " " + target.safeUrl() + ": " + f.getMessage());
                };
                case UNSUPPORTED -> new StreamFailure(CameraState.OFFLINE, f.getMessage() + " at " + target.safeUrl());
            };
        }
        if (e instanceof java.net.ConnectException) {
            return classify(ECONNREFUSED, watch, target, action);
        }
        if (e instanceof java.net.NoRouteToHostException) {
            return classify(EHOSTUNREACH, watch, target, action);
        }
        if (e instanceof java.net.UnknownHostException) {
            return new StreamFailure(CameraState.OFFLINE, "cannot reach " + target.safeUrl() + " (unknown host; is the host name right?)");
        }
        if (e instanceof java.net.SocketTimeoutException) {
            // the socket's deadline is the connect timeout: say it as the watch would
            return watch != null ? noAnswer(target, watch.connectTimeoutMs()) : noAnswer(target, tookMs);
        }
        if (e instanceof java.net.SocketException) {
            return classify(ECONNRESET, watch, target, action);
        }
        return new StreamFailure(CameraState.OFFLINE, "could not " + action + " " + target.safeUrl() + ": " + e.getMessage());
    }

    static StreamFailure stalled(String where, long silentMs) {
        return new StreamFailure(CameraState.OFFLINE, "stalled: no frame for " + silentMs / 1000.0 + " s while connected to "
                + where + "; reconnecting");
    }

    static StreamFailure noAnswer(StreamTarget target, long waitedMs) {
        return new StreamFailure(CameraState.OFFLINE, "no answer from " + target.safeUrl() + " within " + waitedMs / 1000.0 + " s");
    }

    static String text(int ret) {
        byte[] buf = new byte[256];
        av_strerror(ret, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
