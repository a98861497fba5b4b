package io.gmeye.models.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** JPEG in and out with the JDK's codec: snapshots leave the agent as JPEG. */
public final class Jpeg {
    private Jpeg() {
    }

    public static byte[] encode(BgrImage image, float quality) {
        BufferedImage bi = toBufferedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(image.width() * image.height() / 4);
             ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(bi, null, null), p);
            ios.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** Decodes a JPEG (or PNG) into BGR; throws with a reason when the bytes are not a picture. */
    public static BgrImage decode(byte[] bytes) {
        try {
            BufferedImage read = ImageIO.read(new ByteArrayInputStream(bytes));
            if (read == null) {
                throw new IllegalArgumentException("not a JPEG or PNG picture (" + bytes.length + " bytes)");
            }
            return fromBufferedImage(read);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode picture: " + e.getMessage(), e);
        }
    }

    public static BufferedImage toBufferedImage(BgrImage image) {
        BufferedImage bi = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, target, 0, target.length);
        return bi;
    }

    public static BgrImage fromBufferedImage(BufferedImage src) {
        BufferedImage bgr = src;
        if (src.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            bgr.getGraphics().drawImage(src, 0, 0, null);
        }
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return new BgrImage(bgr.getWidth(), bgr.getHeight(), data.clone());
    }
}
