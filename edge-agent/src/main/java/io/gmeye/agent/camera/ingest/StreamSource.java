package io.gmeye.agent.camera.ingest;

import java.io.IOException;

/**
 * Cameras whose stream is handed to the agent rather than pulled from a URL: GB/T 28181 channels,
 * whose device sends RTP to a port the agent names in an INVITE. The grabber opens such a stream
 * only while something needs its pictures, and FFmpeg reads it through a custom I/O context.
 */
public interface StreamSource {
    /** The URL prefix of its cameras (gb28181:). */
    String scheme();

    /** Whether the camera could stream now (its device registered and alive, the channel on), and why not. */
    Availability availability(String camera);

    /** Opens the camera's stream; blocks for at most the source's own request timeout. */
    Input open(String camera) throws Unavailable;

    /** No stream data this long (RTP for GB/T 28181) and the stream is given up: 收流超时. */
    long noDataTimeoutMs();

    /** A stream nothing needs any more is closed after this long. */
    long releaseAfterMs();

    record Availability(boolean available, String reason) {
    }

    /** The stream could not be opened, with the reason (device offline, refused, no answer). */
    final class Unavailable extends Exception {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One open stream, read by the camera's grabbing thread only. */
    interface Input extends AutoCloseable {
        /** FFmpeg's demuxer for it: mpeg (MPEG-PS) for GB/T 28181. */
        String format();

        /** Bytes of the stream, waiting at most briefly: the count, 0 when none came yet, -1 when it ended. */
        int read(byte[] buf, int off, int len) throws IOException;

        /** What it is, for reasons: "channel X of device Y, RTP over udp to port N". */
        String describe();

        /** Ends the stream (BYE to the device). */
        @Override
        void close();
    }
}
