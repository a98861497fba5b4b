package io.gmeye.agent.privacy;

import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.inspection.snapshot.FaceBlur;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.ModelFiles;
import io.gmeye.models.runtime.OrtSettings;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.inspection.Box;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's rule on faces in pictures that leave it ({@code inspection.blurFaces}), for every
 * picture the agent sends: event snapshots, snapshots on call, live view frames. Off, a picture
 * leaves as it is. On, it leaves only with its faces pixelated by {@link FaceBlur}; when the face
 * model is missing or fails, it does not leave at all ({@link FacesNotBlurred}, with the reason),
 * never unblurred. Person boxes from the object detector, where it loads, point the face model
 * at the heads of people too small for it to see in the whole frame; that detector is the one
 * inspection's object scenes run ({@link SharedDetectors}: one session for both).
 */
public final class FaceRule implements AutoCloseable {
    public static final FaceRule OFF = new FaceRule(false, null, null, null, List.of(), Metrics.NOOP);
    private static final Logger LOG = LoggerFactory.getLogger(FaceRule.class);
    private static final double PERSON_SCORE = 0.4;

    private final boolean required;
    private final FaceBlur blur;
    private final Detector people;
    private final String missing;
    /** The full reason no picture may leave, formatted once: scenes ask for it at every check. */
    private final String unavailable;
    /** Its holds on the shared detectors, let go when it closes: the last user's going closes a session. */
    private final List<SharedDetectors.Lease> leases;
    private final Metrics metrics;
    /** Uses hold it shared, closing exclusively: a session closed under a running picture crashes the process. */
    private final ReentrantReadWriteLock using = new ReentrantReadWriteLock();
    private boolean closed;

    private FaceRule(boolean required, Detector faces, Detector people, String missing, List<SharedDetectors.Lease> leases,
                     Metrics metrics) {
        this.required = required;
        this.blur = faces == null ? null : new FaceBlur(image -> detect(faces, image));
        this.people = people;
        this.missing = missing;
        this.unavailable = missing == null ? null : FacesNotBlurred.because(missing);
        this.leases = leases;
        this.metrics = metrics;
    }

    /**
     * Blocking (loads ONNX sessions): call from a worker or the starting thread. A face model that
     * cannot load gives a rule that refuses every picture with the reason; a person detector that
     * cannot load leaves the face model to search whole frames only.
     *
     * @param detectors where the agent's detectors are loaded, once each: the person detector is the one its object scenes run
     */
    public static FaceRule load(InspectionConfig c, SharedDetectors detectors, Metrics metrics) {
        if (!c.blurFaces()) {
            return OFF;
        }
        Path dir = Path.of(c.modelsDir());
        List<SharedDetectors.Lease> leases = new ArrayList<>();
        try {
            ModelCatalog catalog = ModelCatalog.load(dir);
            ModelFiles files = new ModelFiles(dir);
            SharedDetectors.Lease faces = detectors.acquire(catalog.get(c.faceDetector()), files, new OrtSettings(1, 1, false));
            leases.add(faces);
            Detector people = null;
            try {
                SharedDetectors.Lease lease = detectors.acquire(catalog.get(c.detector()), files, c.ortSettings());
                leases.add(lease);
                people = lease.detector();
            } catch (RuntimeException e) {
                LOG.warn("{}; faces are looked for in whole pictures only, small faces may be missed", reason(e));
            }
            FaceRule rule = new FaceRule(true, faces.detector(), people, null, List.copyOf(leases), metrics);
            // ONNX Runtime's first run takes many times a later one: paid here, not by the first snapshot within its 2 s
            BgrImage blank = new BgrImage(640, 360, new byte[640 * 360 * 3]);
            if (people != null) {
                people.detect(blank);
            }
            rule.blur.apply(blank, List.of(new Box(100, 50, 120, 240)));
            return rule;
        } catch (RuntimeException e) {
            String why = reason(e);
            LOG.warn("{}; this site blurs faces, so no picture leaves it until the model is installed", why);
            leases.forEach(SharedDetectors.Lease::close);
            return new FaceRule(true, null, null, why, List.of(), metrics);
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof GmeyeException g ? g.reason() : e.getMessage();
    }

    /** Whether the site requires faces blurred in pictures that leave it. */
    public boolean required() {
        return required;
    }

    /** Why no picture may leave now (the full reason), or null when pictures may leave. */
    public String unavailable() {
        return unavailable;
    }

    /** The blur for pictures whose people are already found (event snapshots); null when off or the model is missing. */
    public FaceBlur faceBlur() {
        return blur;
    }

    /**
     * The picture as it may leave the site: itself where faces need no blurring, else a copy with
     * every face found pixelated. Blocking (runs the models): never on an event loop.
     *
     * @throws FacesNotBlurred when faces must be blurred and cannot be
     */
    public BgrImage leaving(BgrImage image) {
        if (!required) {
            return image;
        }
        if (blur == null) {
            metrics.count("privacy.faces", "outcome", "refused");
            throw new FacesNotBlurred(missing);
        }
        long started = System.nanoTime();
        try {
            List<Box> persons = people == null ? List.of() : detect(people, image).stream()
                    .filter(d -> d.label().equals("person") && d.score() >= PERSON_SCORE).map(Detection::box).toList();
            BgrImage clean = blur.apply(image, persons);
            metrics.count("privacy.faces", "outcome", "blurred");
            metrics.time("privacy.faces.blur", System.nanoTime() - started);
            return clean;
        } catch (FacesNotBlurred e) {
            metrics.count("privacy.faces", "outcome", "refused");
            throw e;
        } catch (RuntimeException e) {
            metrics.count("privacy.faces", "outcome", "refused");
            throw new FacesNotBlurred("the face model failed: " + e.getMessage());
        }
    }

    private List<Detection> detect(Detector model, BgrImage image) {
        using.readLock().lock();
        try {
            if (closed) {
                throw new FacesNotBlurred("the agent is stopping");
            }
            return model.detect(image);
        } finally {
            using.readLock().unlock();
        }
    }

    @Override
    public void close() {
        using.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                leases.forEach(SharedDetectors.Lease::close);
            }
        } finally {
            using.writeLock().unlock();
        }
    }
}
