package io.gmeye.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading a hub's live view (MJPEG over HTTP) as a viewer's socket gets it. */
final class Mjpeg {
    private Mjpeg() {
    }

    /** Reads until {@code n} complete JPEG parts have arrived; returns everything read, headers included. */
    static byte[] readFrames(InputStream in, int n) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int jpegEnds = 0;
        while (jpegEnds < n) {
            int r = in.read(buf);
            if (r < 0) {
                throw new IOException("the live stream ended after " + seen.size() + " bytes: " + seen.toString(StandardCharsets.ISO_8859_1));
            }
            for (int i = 0; i < r; i++) {
                if (i > 0 && (buf[i - 1] & 0xff) == 0xFF && (buf[i] & 0xff) == 0xD9) {
                    jpegEnds++;
                }
            }
            seen.write(buf, 0, r);
        }
        return seen.toByteArray();
    }
}
