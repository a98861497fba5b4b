package io.gmeye.agent.devices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's mosquitto_sub as a test's subscriber, returned only once the broker has acknowledged the
 * subscription: a message published before that would be lost and the test would wait forever, which a
 * fixed pause before publishing only makes less likely on a loaded machine. Runs with {@code -d} and
 * hands back the payload lines, leaving out the client's debug lines (stdbuf comes with coreutils).
 */
public final class MosquittoSub implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final List<String> seen = new ArrayList<>();

    private MosquittoSub(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** mosquitto_sub with these arguments (host, port, topic, credentials...) plus -d, once subscribed. */
    public static MosquittoSub subscribed(String... args) throws IOException, InterruptedException {
        // stdbuf: mosquitto_sub's debug lines are block-buffered into a pipe and would only show at its exit
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "mosquitto_sub", "-d"));
        command.addAll(List.of(args));
        MosquittoSub sub = new MosquittoSub(new ProcessBuilder(command).redirectErrorStream(true).start());
        String line;
        while ((line = sub.nextRaw(30)) != null && !line.startsWith("Subscribed (")) {
            if (line.contains("received CONNACK") && !line.contains("CONNACK (0)")) {
                break;
            }
        }
        if (line == null || !line.startsWith("Subscribed (")) {
            sub.close();
            throw new IllegalStateException("mosquitto_sub did not subscribe; it printed " + sub.seen);
        }
        return sub;
    }

    /** The next payload, or null when mosquitto_sub ended or nothing came within the timeout. */
    public String nextPayload(int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String line;
        do {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            line = nextRaw((int) left);
        } while (line != null && (line.startsWith("Client ") || line.startsWith("Subscribed (")) && System.nanoTime() < deadline);
        return line == null || line.startsWith("Client ") ? null : line;
    }

    /** Every line mosquitto_sub printed so far, debug lines included: what a failing test shows. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    public Process process() {
        return process;
    }

    private String nextRaw(int timeoutSeconds) throws IOException, InterruptedException {
        CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String line = next.get(timeoutSeconds, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
            }
            return line;
        } catch (TimeoutException e) {
            process.destroyForcibly(); // its output ends, so the pending read returns
            next.handle((l, t) -> l).join();
            return null;
        } catch (ExecutionException e) {
            throw new IOException("reading mosquitto_sub's output", e.getCause());
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
