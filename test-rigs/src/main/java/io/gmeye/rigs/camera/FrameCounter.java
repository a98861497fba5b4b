package io.gmeye.rigs.camera;

/**
 * A frame's number burned into its picture as a bar code: the top 16 rows hold 16 blocks, block
 * {@code i} white when bit {@code i} of the frame number is set, black otherwise. Blocks of 16 rows
 * and a sixteenth of the width survive H.264 and JPEG, so a test reads from a snapshot which frame
 * of the clip it shows, and so how old its content is.
 */
public final class FrameCounter {
    static final int BITS = 16;
    private static final int ROWS = 16;

    private FrameCounter() {
    }

    /** The FFmpeg filter that draws the code (geq: N is the frame number), chroma grey under it. */
    static String filter(int width) {
        int block = width / BITS;
        return "geq=lum='if(lt(Y," + ROWS + "),if(mod(floor(N/pow(2,floor(X/" + block + "))),2),235,16),lum(X,Y))'"
                + ":cb='if(lt(Y," + ROWS / 2 + "),128,cb(X,Y))':cr='if(lt(Y," + ROWS / 2 + "),128,cr(X,Y))'";
    }

    /**
     * The frame number shown by a packed BGR picture ({@code width * 3} bytes a row), read at the
     * middle of each block.
     */
    public static int read(int width, int height, byte[] bgr) {
        if (height < ROWS || width < BITS || bgr.length < width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " picture cannot carry a frame counter");
        }
        int block = width / BITS;
        int y = ROWS / 2;
        int n = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int x = bit * block + block / 2;
            int o = (y * width + x) * 3;
            int grey = ((bgr[o] & 0xff) + (bgr[o + 1] & 0xff) + (bgr[o + 2] & 0xff)) / 3;
            if (grey > 128) {
                n |= 1 << bit;
            }
        }
        return n;
    }
}
