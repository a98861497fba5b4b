package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * Loads FFmpeg's natives once and routes its log through JavaCV's callback to slf4j. Only fatal
 * messages by default: a site's cameras failing every few seconds would repeat the same lines
 * ("DESCRIBE failed: 404") that each camera's health already states as its reason. For digging,
 * start with -Dgmeye.ffmpeg.log=error (or warning).
 */
final class FfmpegRuntime {
    private static volatile boolean ready;

    private FfmpegRuntime() {
    }

    static void init() {
        if (ready) {
            return;
        }
        synchronized (FfmpegRuntime.class) {
            if (!ready) {
                if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
                    System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
                }
                avformat.avformat_network_init();
                String level = System.getProperty("gmeye.ffmpeg.log", "fatal");
                FFmpegLogCallback.setLevel(switch (level) {
                    case "warning" -> AV_LOG_WARNING;
                    case "error" -> AV_LOG_ERROR;
                    default -> AV_LOG_FATAL;
                });
                FFmpegLogCallback.set();
                ready = true;
            }
        }
    }
}
