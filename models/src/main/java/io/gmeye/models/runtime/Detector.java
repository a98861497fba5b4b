package io.gmeye.models.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.gmeye.models.detect.Decoder;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.detect.FloatTensor;
import io.gmeye.models.detect.ModelOutputs;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.InputSpec.Layout;
import io.gmeye.models.preprocess.FrameMapping;
import io.gmeye.models.preprocess.TensorPreparer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole detector path for one model: prepare the input (letterbox, normalise), run ONNX
 * Runtime, decode, NMS, boxes in frame pixels. Safe to call from several threads: the session is
 * shared, each thread keeps its own input and output buffers (native tensors over direct
 * buffers, reused frame after frame, so a frame allocates nothing big).
 */
public final class Detector implements AutoCloseable {
    private final OrtModel model;
    private final TensorPreparer preparer;
    private final Decoder decoder;
    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();
    private final ConcurrentLinkedQueue<Scratch> allScratch = new ConcurrentLinkedQueue<>();
    private final ExecutorService helper;
    private volatile boolean closed;

    public Detector(OrtModel model) {
        this.model = model;
        this.preparer = new TensorPreparer(model.manifest().input());
        this.decoder = Decoder.of(model.manifest());
        // with more than one ORT thread the box has a core that waits while a frame is prepared
        this.helper = model.settings().intraOpThreads() > 1 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "prepare-" + model.manifest().name());
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public OrtModel model() {
        return model;
    }

    public TensorPreparer preparer() {
        return preparer;
    }

    public List<Detection> detect(BgrImage image) {
        if (closed) {
            throw new ModelUnavailableException(model.manifest().name(), "the detector is closed");
        }
        FrameMapping mapping = preparer.mapping(image.width(), image.height());
        Scratch s = scratchFor(mapping);
        // the padding only changes with the frame's size: written again only then
        preparer.prepare(image, s.input, !mapping.equals(s.lastMapping), helper);
        s.lastMapping = mapping;
        
        try {
            return decoder.decode(s.run(model.session()), mapping);
        } catch (OrtException e) {
            throw new ModelUnavailableException(model.manifest().name(), "inference failed: " + e.getMessage());
        }
    }

    private Scratch scratchFor(FrameMapping m) {
        Scratch s = scratch.get();
        if (s != null && s.width == m.inputWidth() && s.height == m.inputHeight()) {
            return s;
        }
        if (s != null) {
            allScratch.remove(s);
            s.close();
        }
        try {
            s = new Scratch(m);
        } catch (OrtException e) {
            throw new ModelUnavailableException(model.manifest().name(), "cannot allocate tensors: " + e.getMessage());
        }
        scratch.set(s);
        allScratch.add(s);
        return s;
    }

    @Override
    public void close() {
        closed = true;
        if (helper != null) {
            helper.shutdown();
        }
        Scratch s;
        while ((s = allScratch.poll()) != null) {
            s.close();
        }
    }

    /** One thread's tensors. Outputs of fixed shape are pinned to reused buffers; dynamic ones are copied out. */
    private final class Scratch implements AutoCloseable {
        final int width;
        final int height;
        final FloatBuffer input;
        FrameMapping lastMapping;
        final OnnxTensor inputTensor;
        final Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
        final Map<String, FloatBuffer> pinnedBuffers = new HashMap<>();
        final Map<String, long[]> pinnedShapes = new HashMap<>();
        final Map<String, float[]> pinnedCopies = new HashMap<>();

        Scratch(FrameMapping mapping) throws OrtException {
            this.width = mapping.inputWidth();
            this.height = mapping.inputHeight();
            this.input = direct(3 * width * height);
            long[] shape = model.manifest().input().layout() == Layout.NCHW
                    ? new long[] {1, 3, height, width}
                    : new long[] {1, height, width, 3};
            this.inputTensor = OnnxTensor.createTensor(OrtModel.env(), input, shape);
            for (String name : decoder.outputNames()) {
                TensorInfo info = (TensorInfo) model.session().getOutputInfo().get(name).getInfo();
                long[] os = info.getShape();
                boolean fixed = true;
                long n = 1;
                for (long d : os) {
                    fixed &= d > 0;
                    n *= d;
                }
                if (fixed) {
                    FloatBuffer buf = direct((int) n);
                    pinnedBuffers.put(name, buf);
                    pinnedShapes.put(name, os);
                    pinnedCopies.put(name, new float[(int) n]);
                    pinned.put(name, OnnxTensor.createTensor(OrtModel.env(), buf, os));
                }
            }
        }

        ModelOutputs run(OrtSession session) throws OrtException {
            Map<String, OnnxTensor> in = Map.of(model.manifest().input().name(), inputTensor);
            Map<String, FloatTensor> out = new HashMap<>();
            if (pinned.size() == decoder.outputNames().size()) {
                try (OrtSession.Result r = session.run(in, pinned)) {
                    for (Map.Entry<String, FloatBuffer> e : pinnedBuffers.entrySet()) {
                        FloatBuffer b = e.getValue();
                        float[] data = pinnedCopies.get(e.getKey());
                        b.get(0, data);
                        out.put(e.getKey(), new FloatTensor(data, pinnedShapes.get(e.getKey())));
                    }
                }
            } else {
                try (OrtSession.Result r = session.run(in, new java.util.HashSet<>(decoder.outputNames()))) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        FloatBuffer b = t.getFloatBuffer();
                        float[] data = new float[b.remaining()];
                        b.get(data);
                        out.put(e.getKey(), new FloatTensor(data, t.getInfo().getShape()));
                    }
                }
            }
            return new ModelOutputs(out);
        }

        @Override
        public void close() {
            inputTensor.close();
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** For benchmarks: the input tensor of one frame, prepared once, the caller owns it. */
    public OnnxTensor prepareTensor(BgrImage image) throws OrtException {
        FrameMapping m = preparer.mapping(image.width(), image.height());
        FloatBuffer buf = direct(3 * m.inputWidth() * m.inputHeight());
        preparer.prepare(image, buf, true);
        long[] shape = model.manifest().input().layout() == Layout.NCHW
                ? new long[] {1, 3, m.inputHeight(), m.inputWidth()}
                : new long[] {1, m.inputHeight(), m.inputWidth(), 3};
        return OnnxTensor.createTensor(OrtModel.env(), buf, shape);
    }

}
