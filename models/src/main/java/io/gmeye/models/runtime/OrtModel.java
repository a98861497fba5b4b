package io.gmeye.models.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.gmeye.models.manifest.ModelManifest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model: its manifest and an ONNX Runtime session created with explicit threads and
 * no spinning. Refuses files that are missing, damaged or not shaped as the manifest says, so a
 * wrong model fails at load with a reason instead of producing nonsense boxes.
 */
public final class OrtModel implements AutoCloseable {
    /** Sessions open in this process per model name: what a model costs is counted where it is loaded. */
    private static final Map<String, AtomicInteger> OPEN = new ConcurrentHashMap<>();

    private final ModelManifest manifest;
    private final OrtSession session;
    private final OrtSettings settings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OrtModel(ModelManifest manifest, OrtSession session, OrtSettings settings) {
        this.manifest = manifest;
        this.session = session;
        this.settings = settings;
    }

    public static OrtModel load(ModelManifest m, ModelFiles files, OrtSettings settings) {
        Path file = files.verified(m);
        OrtSession session;
        try (OrtSession.SessionOptions opts = options(settings)) {
            session = env().createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw new ModelUnavailableException(m.name(), file + " is not a loadable ONNX model (" + firstLine(e.getMessage())
                    + "). Reinstall it with " + m.install());
        }
        try {
            ModelShapes.check(m, inputs(session), outputs(session));
        } catch (ModelUnavailableException e) {
            closeQuietly(session);
            throw e;
        }
        OPEN.computeIfAbsent(m.name(), n -> new AtomicInteger()).incrementAndGet();
        return new OrtModel(m, session, settings);
    }

    /** How many sessions of this model are open in this process now. */
    public static int openSessions(String model) {
        AtomicInteger n = OPEN.get(model);
        return n == null ? 0 : n.get();
    }

    static OrtSession.SessionOptions options(OrtSettings s) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(s.intraOpThreads());
        o.setInterOpNumThreads(s.interOpThreads());
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        String spin = s.spinning() ? "1" : "0";
        o.addConfigEntry("session.intra_op.allow_spinning", spin);
        o.addConfigEntry("session.inter_op.allow_spinning", spin);
        return o;
    }

    public static OrtEnvironment env() {
        return OrtEnvironment.getEnvironment();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public OrtSession session() {
        return session;
    }

    public OrtSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(session);
            OPEN.get(manifest.name()).decrementAndGet();
        }
    }

    private static Map<String, TensorInfo> inputs(OrtSession s) {
        return tensorInfos(s, true);
    }

    private static Map<String, TensorInfo> outputs(OrtSession s) {
        return tensorInfos(s, false);
    }

    private static Map<String, TensorInfo> tensorInfos(OrtSession s, boolean inputs) {
        try {
            Map<String, NodeInfo> nodes = inputs ? s.getInputInfo() : s.getOutputInfo();
            java.util.LinkedHashMap<String, TensorInfo> out = new java.util.LinkedHashMap<>();
            nodes.forEach((name, n) -> {
                if (n.getInfo() instanceof TensorInfo t) {
                    out.put(name, t);
                }
            });
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // closing releases native memory; nothing a caller could do differently
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
