package io.gmeye.agent.inspection;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that take camera samples (decode the newest picture, judge motion, convert it for
 * the models) and analyse them after inference: a few, sized from the cores, never a Vert.x event
 * loop. Decoding a keyframe is most of a sample's cost (about 10 ms for 768x576 H.264): one thread
 * tops out near 100 samples a second with nothing else running, and on a loaded box falls behind
 * long before; a thread per core lets sampling use the box. One camera has at most one sample in
 * flight, from the decode to the end of its analysis: a camera still busy when its turn comes is
 * not sampled again (the caller counts it), so a slow camera never piles up work and its state
 * (motion gate, tracks) is touched by one thread at a time.
 */
public final class SamplingPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SamplingPool.class);
    private static final int MIN_THREADS = 2;
    private static final int MAX_THREADS = 4;

    private final ExecutorService threads;
    private final int size;
    private final Map<String, AtomicBoolean> inFlight = new ConcurrentHashMap<>();

    /** One thread per core, at least two (a camera whose decode hangs leaves the others one) and at most four (inference has threads of its own). */
    public static int sizeFromCores() {
        return Math.max(MIN_THREADS, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** @param name thread names are {@code name-1}, {@code name-2}, ... */
    public SamplingPool(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a sampling pool needs at least one thread, got " + size);
        }
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int size() {
        return size;
    }

    /**
     * Runs {@code sample} on a pool thread, unless a sample of {@code camera} is still in flight.
     * The camera stays in flight until the stage {@code sample} returns completes (its analysis
     * may go on elsewhere, on model threads, and come back through {@link #executor()}).
     *
     * @return false when the camera was busy (or the pool is closed): nothing was run
     */
    public boolean offer(String camera, Supplier<? extends CompletionStage<?>> sample) {
        AtomicBoolean busy = inFlight.computeIfAbsent(camera, c -> new AtomicBoolean());
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            threads.execute(() -> run(camera, busy, sample));
            return true;
        } catch (RejectedExecutionException closed) {
            busy.set(false);
            return false;
        }
    }

    /** Whether a sample of {@code camera} is in flight now. */
    public boolean busy(String camera) {
        AtomicBoolean busy = inFlight.get(camera);
        return busy != null && busy.get();
    }

    /** Where a sample's continuations run (the analysis once the models answered): the pool's threads. */
    public Executor executor() {
        return threads;
    }

    private static void run(String camera, AtomicBoolean busy, Supplier<? extends CompletionStage<?>> sample) {
        CompletionStage<?> done;
        try {
            done = sample.get();
        } catch (RuntimeException | Error e) {
            busy.set(false);
            LOG.error("sampling camera {} failed", camera, e); // its next turn tries again
            return;
        }
        if (done == null) {
            busy.set(false);
        } else {
            done.whenComplete((ok, err) -> busy.set(false));
        }
    }

    /** Lets running samples finish (up to {@code timeoutMs}); no new ones start. */
    public void close(long timeoutMs) throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
            LOG.warn("sampling threads still busy after {} ms", timeoutMs);
        }
    }

    @Override
    public void close() {
        try {
            close(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
