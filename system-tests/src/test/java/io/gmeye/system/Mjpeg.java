package io.gmeye.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** The whole JPEG pictures in what {@link #readFrames} read (start of image FF D8 FF to end of image FF D9). */
    static List<byte[]> jpegs(byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 2; i < stream.length; i++) {
            if (start < 0 && (stream[i - 2] & 0xff) == 0xFF && (stream[i - 1] & 0xff) == 0xD8 && (stream[i] & 0xff) == 0xFF) {
                start = i - 2;
            } else if (start >= 0 && (stream[i - 1] & 0xff) == 0xFF && (stream[i] & 0xff) == 0xD9) {
                out.add(Arrays.copyOfRange(stream, start, i + 1));
                start = -1;
            }
        }
        return out;
    }
}
