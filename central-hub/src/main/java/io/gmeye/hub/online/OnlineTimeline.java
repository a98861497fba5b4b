package io.gmeye.hub.online;

import io.gmeye.hub.estate.EstateProjections;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When each camera was online, as a compact in-memory step function per camera: rebuilt at start
 * from the transitions the estate projection stores, then kept current from camera health. The
 * online rate over time is the time-weighted share of cameras online in each bucket (a camera
 * counts from its first report on).
 */
public final class OnlineTimeline {
    /** One bucket of the history. {@code rate} is null when no camera had reported yet. */
    public record Bucket(long from, long to, Double rate, double avgOnline, double avgTotal) {
    }

    /** One camera's changes of online-ness, in time order. */
    static final class Line {
        private long[] at = new long[2];
        private boolean[] on = new boolean[2];
        private int n;

        synchronized void add(long time, boolean online) {
            if (n > 0 && on[n - 1] == online) {
                return;
            }
            if (n == at.length) {
                at = Arrays.copyOf(at, n * 2);
                on = Arrays.copyOf(on, n * 2);
            }
            at[n] = time;
            on[n] = online;
            n++;
        }

        synchronized int size() {
            return n;
        }
    }

    private final Map<String, Line> lines = new ConcurrentHashMap<>();

    /** Loads the stored transitions; blocking, at start. */
    public void load(Store store) {
        store.scan(Space.TRANSITIONS, Keys.prefix("camera"), false, (k, v) -> {
            EstateProjections.Transition t = StoredJson.read(v, EstateProjections.Transition.class);
            record(t.entity(), t.at(), CameraState.of(t.to()).countsOnline());
            return true;
        });
    }

    public void record(String camera, long at, boolean online) {
        lines.computeIfAbsent(camera, c -> new Line()).add(at, online);
    }

    /** Keeps the timeline current from camera health, after each durable write. */
    public Projection projection() {
        return Projection.afterCommit(Set.of(MessageType.CAMERA_HEALTH), (m, receivedAt) -> {
            for (CameraHealth h : ((CameraHealthBatch) m.body()).cameras()) {
                record(h.camera(), receivedAt, h.state().countsOnline());
            }
        });
    }

    /**
     * The time-weighted online rate of the cameras that pass {@code include}, in buckets of
     * {@code step} from {@code from} to {@code to}; time after {@code now} does not count.
     * Linear in changes plus buckets: each change adds its share to its own bucket and shifts the
     * level of every later one.
     */
    public List<Bucket> history(Predicate<String> include, long from, long to, long step, long now) {
        int buckets = (int) Math.max(1, (to - from + step - 1) / step);
        double[] onArea = new double[buckets];
        double[] totArea = new double[buckets];
        long[] onShift = new long[buckets + 1];
        long[] totShift = new long[buckets + 1];
        long onLevel = 0;
        long totLevel = 0;
        long end = Math.min(to, now);
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            if (!include.test(e.getKey())) {
                continue;
            }
            Line l = e.getValue();
            synchronized (l) {
                for (int i = 0; i < l.n && l.at[i] < end; i++) {
                    int dOn = l.on[i] ? 1 : (i == 0 ? 0 : -1);
                    int dTot = i == 0 ? 1 : 0;
                    long t = l.at[i];
                    if (t < from) {
                        onLevel += dOn;
                        totLevel += dTot;
                        continue;
                    }
                    int b = (int) ((t - from) / step);
                    long bucketEnd = Math.min(from + (b + 1) * step, end);
                    onArea[b] += (double) dOn * (bucketEnd - t);
                    totArea[b] += (double) dTot * (bucketEnd - t);
                    onShift[b + 1] += dOn;
                    totShift[b + 1] += dTot;
                }
            }
        }
        List<Bucket> out = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            onLevel += onShift[b];
            totLevel += totShift[b];
            long start = from + (long) b * step;
            long stop = Math.min(start + step, to);
            long weighted = Math.max(0, Math.min(stop, end) - start);
            double on = onLevel * (double) weighted + onArea[b];
            double tot = totLevel * (double) weighted + totArea[b];
            out.add(new Bucket(start, stop, tot > 0 ? on / tot : null, weighted > 0 ? on / weighted : 0, weighted > 0 ? tot / weighted : 0));
        }
        return out;
    }

    int changes(String camera) {
        Line l = lines.get(camera);
        return l == null ? 0 : l.size();
    }
}
