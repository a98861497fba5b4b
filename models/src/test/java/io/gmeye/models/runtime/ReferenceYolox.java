package io.gmeye.models.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.detect.FloatTensor;
import io.gmeye.models.detect.ModelOutputs;
import io.gmeye.models.detect.YoloxDecoder;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.preprocess.FrameMapping;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** A deliberately plain YOLOX path (AWT scaling, float[][][] output) to check the fast one against. */
final class ReferenceYolox {
    private ReferenceYolox() {
    }

    static List<Detection> detect(OrtModel model, BgrImage image) {
        int size = 416;
        double r = Math.min((double) size / image.width(), (double) size / image.height());
        int nw = (int) Math.round(image.width() * r);
        int nh = (int) Math.round(image.height() * r);
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(114, 114, 114));
        g.fillRect(0, 0, size, size);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(Jpeg.toBufferedImage(image), 0, 0, nw, nh, null);
        g.dispose();
        float[] chw = new float[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = canvas.getRGB(x, y);
                chw[y * size + x] = rgb & 0xff;                       // B
                chw[size * size + y * size + x] = (rgb >> 8) & 0xff;  // G
                chw[2 * size * size + y * size + x] = (rgb >> 16) & 0xff; // R
            }
        }
        try (OnnxTensor in = OnnxTensor.createTensor(OrtModel.env(), FloatBuffer.wrap(chw), new long[] {1, 3, size, size});
             OrtSession.Result out = model.session().run(Map.of("images", in))) {
            float[][][] v = (float[][][]) out.get(0).getValue();
            float[] flat = new float[v[0].length * v[0][0].length];
            for (int i = 0; i < v[0].length; i++) {
                System.arraycopy(v[0][i], 0, flat, i * v[0][0].length, v[0][0].length);
            }
            FrameMapping m = new FrameMapping(r, r, 0, 0, image.width(), image.height(), size, size);
            ModelOutputs outputs = new ModelOutputs(Map.of("output", new FloatTensor(flat, new long[] {1, v[0].length, v[0][0].length})));
            return new YoloxDecoder(model.manifest().decoder(), model.manifest().labels()).decode(outputs, m);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
