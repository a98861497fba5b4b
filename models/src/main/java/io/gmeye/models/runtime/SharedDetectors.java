package io.gmeye.models.runtime;

import io.gmeye.models.manifest.ModelManifest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The detectors a process has loaded, one session per model file and ORT settings however many
 * users run it: an agent whose face rule and inspection scenes both need YOLOX-nano holds it once
 * (its memory, its warm-up). Each user holds a {@link Lease} and lets it go only after it stopped
 * running the detector; the session closes when the last lease goes, so no user's run meets a
 * closed session (ONNX Runtime crashes the process then). The owner closes this last, after every
 * user stopped: what is still loaded closes with it.
 */
public final class SharedDetectors implements AutoCloseable {
    private record Key(String model, Path file, OrtSettings settings) {
    }

    private static final class Loaded {
        final Detector detector;
        int leases;

        Loaded(Detector detector) {
            this.detector = detector;
        }
    }

    private final Map<Key, Loaded> loaded = new HashMap<>();
    private boolean closed;

    /**
     * The model's detector, loaded by the first user that asks. Blocking the first time (loads the
     * ONNX session): call from a worker or the starting thread.
     *
     * @throws ModelUnavailableException when the model cannot load, with the reason
     */
    public synchronized Lease acquire(ModelManifest manifest, ModelFiles files, OrtSettings settings) {
        if (closed) {
            throw new ModelUnavailableException(manifest.name(), "the models are closed: the process is stopping");
        }
        Key key = new Key(manifest.name(), files.dir().toAbsolutePath().normalize().resolve(manifest.file()), settings);
        Loaded l = loaded.get(key);
        if (l == null) {
            l = new Loaded(new Detector(OrtModel.load(manifest, files, settings)));
            loaded.put(key, l);
        }
        l.leases++;
        return new Lease(key, l.detector);
    }

    private synchronized void release(Key key) {
        Loaded l = loaded.get(key);
        if (l != null && --l.leases == 0) {
            loaded.remove(key);
            closeDetector(l.detector);
        }
    }

    private static void closeDetector(Detector d) {
        d.close();
        d.model().close();
    }

    /** Closes every detector still loaded; for the owner, after every user stopped running them. */
    @Override
    public synchronized void close() {
        closed = true;
        loaded.values().forEach(l -> closeDetector(l.detector));
        loaded.clear();
    }

    /** One user's hold on a shared detector; closing it lets go (once), never closes the detector under another user. */
    public final class Lease implements AutoCloseable {
        private final Key key;
        private final Detector detector;
        private boolean released;

        private Lease(Key key, Detector detector) {
            this.key = key;
            this.detector = detector;
        }

        public Detector detector() {
            return detector;
        }

        @Override
        public void close() {
            synchronized (SharedDetectors.this) {
                if (released) {
                    return;
                }
                released = true;
                release(key);
            }
        }
    }
}
