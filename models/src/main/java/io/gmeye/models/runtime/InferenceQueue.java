package io.gmeye.models.runtime;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One model shared by many cameras. Each camera has its own short queue and the workers take
 * cameras in turn (round robin), so a camera that floods requests cannot starve the others.
 * Nothing grows: a camera's newest request pushes out its oldest waiting one once it has
 * {@code perSourceDepth} waiting (dropped: the newer frame is worth more), and when
 * {@code maxPending} requests wait in all, new ones are refused at once. Both are counted.
 * Work runs on the queue's own threads, never on a Vert.x event loop.
 */
public final class InferenceQueue<I, O> implements AutoCloseable {
    /** Why a request did not run: dropped for a newer one, refused because the queue is full, or the queue stopped. */
    public static final class NotRun extends GmeyeException {
        public NotRun(String reason) {
            super(ErrorKind.RATE_LIMITED, reason);
        }
    }

    private record Job<I, O>(String source, I input, CompletableFuture<O> result) {
    }

    private final String name;
    private final Function<I, O> work;
    private final int perSourceDepth;
    private final int maxPending;
    private final Metrics metrics;
    private final Map<String, ArrayDeque<Job<I, O>>> waiting = new HashMap<>();
    private final ArrayDeque<String> turn = new ArrayDeque<>(); // sources with waiting work, in serving order
    private final List<Thread> workers = new ArrayList<>();
    private int pending;
    private boolean stopped;

    public InferenceQueue(String name, int workerThreads, int perSourceDepth, int maxPending, Function<I, O> work, Metrics metrics) {
        if (workerThreads < 1 || perSourceDepth < 1 || maxPending < 1) {
            throw new IllegalArgumentException("workers, perSourceDepth and maxPending must be at least 1");
        }
        this.name = name;
        this.work = work;
        this.perSourceDepth = perSourceDepth;
        this.maxPending = maxPending;
        this.metrics = metrics;
        metrics.gauge("inference.pending", this::pending, "model", name);
        for (int i = 0; i < workerThreads; i++) {
            Thread t = new Thread(this::serve, "inference-" + name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Queues {@code input} for {@code source} (a camera); the future fails with {@link NotRun} if it is dropped or refused. */
    public CompletableFuture<O> submit(String source, I input) {
        CompletableFuture<O> result = new CompletableFuture<>();
        Job<I, O> dropped = null;
        synchronized (this) {
            if (stopped) {
                result.completeExceptionally(new NotRun("inference queue " + name + " is stopped"));
                return result;
            }
            ArrayDeque<Job<I, O>> q = waiting.computeIfAbsent(source, s -> new ArrayDeque<>());
            if (q.size() >= perSourceDepth) {
                dropped = q.pollFirst();
                pending--;
            } else if (pending >= maxPending) {
                metrics.count("inference.requests", "model", name, "outcome", "refused");
                result.completeExceptionally(new NotRun("inference queue " + name + " is full (" + maxPending + " waiting)"));
                return result;
            }
            if (q.isEmpty() && dropped == null) {
                turn.addLast(source);
            }
            q.addLast(new Job<>(source, input, result));
            pending++;
            notify();
        }
        if (dropped != null) {
            metrics.count("inference.requests", "model", name, "outcome", "dropped");
            dropped.result().completeExceptionally(new NotRun("dropped for a newer request of " + source));
        }
        return result;
    }

    public synchronized int pending() {
        return pending;
    }

    private void serve() {
        while (true) {
            Job<I, O> job;
            synchronized (this) {
                while (!stopped && turn.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                String source = turn.pollFirst();
                ArrayDeque<Job<I, O>> q = waiting.get(source);
                job = q.pollFirst();
                pending--;
                if (!q.isEmpty()) {
                    turn.addLast(source); // the others go first
                }
            }
            long start = System.nanoTime();
            try {
                O out = work.apply(job.input());
                metrics.time("inference.run", System.nanoTime() - start, "model", name);
                metrics.count("inference.requests", "model", name, "outcome", "done");
                job.result().complete(out);
            } catch (RuntimeException e) {
                metrics.count("inference.requests", "model", name, "outcome", "failed");
                job.result().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        List<Job<I, O>> left = new ArrayList<>();
        synchronized (this) {
            stopped = true;
            waiting.values().forEach(left::addAll);
            waiting.clear();
            turn.clear();
            pending = 0;
            notifyAll();
        }
        left.forEach(j -> j.result().completeExceptionally(new NotRun("inference queue " + name + " stopped")));
        for (Thread t : workers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
