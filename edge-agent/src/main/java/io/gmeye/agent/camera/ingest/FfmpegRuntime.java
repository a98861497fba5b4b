package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;

import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * Loads FFmpeg's natives once and routes its log through JavaCV's callback (to slf4j when the
 * JavaCPP logger is set to it) at error level, so 200 cameras do not flood stderr with warnings;
 * the reasons people act on are in each camera's health instead.
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
                FFmpegLogCallback.setLevel(AV_LOG_ERROR);
                FFmpegLogCallback.set();
                ready = true;
            }
        }
    }
}
