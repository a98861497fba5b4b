package io.gmeye.hub.estate;

import io.gmeye.protocols.camera.CameraState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When each camera was online, as a compact in-memory step function per camera: rebuilt at start
 * from the stored camera transitions, then extended by the estate's applier as it applies camera
 * health (append-only: a reader sees every change up to its {@code now}). The online rate over
 * time is the time-weighted share of cameras online in each bucket (a camera counts from its
 * first report on, and no longer from an admin's removal of it). A camera counts offline while
 * its site was silent (agent gone, {@link EstateSnapshot#silences}), whatever its agent last said of it.
 */
public final class CameraHistory {
    /** One bucket of the history. {@code rate} is null when no camera had reported yet. */
    public record Bucket(long from, long to, Double rate, double avgOnline, double avgTotal) {
    }

    /** One camera's changes of online-ness (and its removal), in time order, and the site that last reported it. */
    static final class Line {
        private static final byte OFF = 0;
        private static final byte ON = 1;
        private static final byte GONE = 2;
        private long[] at = new long[2];
        private byte[] state = new byte[2];
        private int n;
        private String site;

        synchronized void add(String reportedBy, long time, boolean online) {
            site = reportedBy;
            append(time, online ? ON : OFF);
        }

        /** An admin removed the camera: from {@code time} on it is neither online nor in the total, until it reports again. */
        synchronized void removed(long time) {
            append(time, GONE);
        }

        private void append(long time, byte s) {
            if (n > 0 && state[n - 1] == s) {
                return;
            }
            if (n == at.length) {
                at = Arrays.copyOf(at, n * 2);
                state = Arrays.copyOf(state, n * 2);
            }
            at[n] = time;
            state[n] = s;
            n++;
        }

        synchronized String site() {
            return site;
        }

        synchronized int size() {
            return n;
        }

        /**
         * Replays this camera's online-ness as counted, merged with its site's silences (from, to
         * pairs in time order), before {@code end}: its first report counts it in, then every
         * change of "online and its site not silent"; a removal counts it out until it reports again.
         */
        synchronized void replay(long[] silent, long end, Areas sink) {
            int i = 0;
            int j = 0;
            byte reported = GONE; // not reported yet: not counted
            boolean quiet = false;
            boolean counted = false;
            boolean was = false;
            while (true) {
                long tc = i < n ? at[i] : Long.MAX_VALUE;
                long ts = j < silent.length ? silent[j] : Long.MAX_VALUE;
                long t = Math.min(tc, ts);
                if (t >= end) {
                    return;
                }
                if (ts <= tc) {
                    quiet = (j & 1) == 0; // a span's start, else its end
                    j++;
                } else {
                    reported = state[i];
                    i++;
                }
                if (reported == GONE) {
                    if (counted) {
                        sink.change(t, was ? -1 : 0, -1);
                        counted = false;
                    }
                    continue;
                }
                boolean now = reported == ON && !quiet;
                if (!counted) {
                    sink.change(t, now ? 1 : 0, 1);
                    counted = true;
                    was = now;
                } else if (now != was) {
                    sink.change(t, now ? 1 : -1, 0);
                    was = now;
                }
            }
        }
    }

    /**
     * Online and counted camera-time per bucket. Linear in changes plus buckets: each change adds
     * its share to its own bucket and shifts the level of every later one.
     */
    static final class Areas {
        private final long from;
        private final long to;
        private final long step;
        private final long end;
        private final double[] onArea;
        private final double[] totArea;
        private final long[] onShift;
        private final long[] totShift;
        private long onLevel;
        private long totLevel;

        Areas(long from, long to, long step, long end) {
            this.from = from;
            this.to = to;
            this.step = step;
            this.end = end;
            int buckets = (int) Math.max(1, (to - from + step - 1) / step);
            onArea = new double[buckets];
            totArea = new double[buckets];
            onShift = new long[buckets + 1];
            totShift = new long[buckets + 1];
        }

        void change(long t, int dOn, int dTot) {
            if (t < from) {
                onLevel += dOn;
                totLevel += dTot;
                return;
            }
            int b = (int) ((t - from) / step);
            long bucketEnd = Math.min(from + (b + 1) * step, end);
            onArea[b] += (double) dOn * (bucketEnd - t);
            totArea[b] += (double) dTot * (bucketEnd - t);
            onShift[b + 1] += dOn;
            totShift[b + 1] += dTot;
        }

        List<Bucket> buckets() {
            List<Bucket> out = new ArrayList<>(onArea.length);
            for (int b = 0; b < onArea.length; b++) {
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
    }

    private static final long[] NO_SILENCE = new long[0];
    private final Map<String, Line> lines = new ConcurrentHashMap<>();

    /** Loads the stored camera transitions; blocking, at start. */
    void load(Transitions transitions) {
        transitions.each(TransitionKey.Kind.CAMERA, Transition.class, t -> {
            if (Transition.REMOVED.equals(t.to())) {
                removed(t.entity(), t.at());
            } else {
                record(t.entity(), t.site(), t.at(), CameraState.of(t.to()).countsOnline());
            }
        });
    }

    void record(String camera, String site, long at, boolean online) {
        lines.computeIfAbsent(camera, c -> new Line()).add(site, at, online);
    }

    /** An admin removed the camera at {@code at}: it stops counting there (a camera that never reported has nothing to stop). */
    void removed(String camera, long at) {
        Line l = lines.get(camera);
        if (l != null) {
            l.removed(at);
        }
    }

    /**
     * The time-weighted online rate of the cameras that pass {@code include}, in buckets of
     * {@code step} from {@code from} to {@code to}; time after {@code now} does not count.
     */
    public List<Bucket> history(EstateSnapshot estate, Predicate<String> include, long from, long to, long step, long now) {
        Areas areas = new Areas(from, to, step, Math.min(to, now));
        Map<String, long[]> silentBySite = new HashMap<>();
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            if (!include.test(e.getKey())) {
                continue;
            }
            Line l = e.getValue();
            String site = l.site();
            long[] silent = site == null ? NO_SILENCE : silentBySite.computeIfAbsent(site, s -> estate.silences(s, now));
            l.replay(silent, areas.end, areas);
        }
        return areas.buckets();
    }

    int changes(String camera) {
        Line l = lines.get(camera);
        return l == null ? 0 : l.size();
    }
}
