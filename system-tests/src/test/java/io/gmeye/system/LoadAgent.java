package io.gmeye.system;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real agent (Agent.start: outbox, uplink, heartbeat) fed by a load source: appends telemetry
 * at a rate and writes each id to a file once the outbox has it durably ("accepted"), the way a
 * device's PUBACK would follow. Args: config, accepted-ids file, count, rate per second, and
 * optionally "mixed" for a mix of every priority class (alerts, events, passes, telemetry, health),
 * then optionally a prefix for the ids of its cameras, devices and gates.
 * Prints "load done" when all are accepted and "drained" once the outbox is empty.
 */
public final class LoadAgent {
    private LoadAgent() {
    }

    public static void main(String[] args) throws Exception {
        AgentConfig config = new YamlConfigLoader("GMEYE_").load(Path.of(args[0]), AgentConfig.class, System.getenv());
        Path accepted = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        boolean mixed = args.length > 4 && "mixed".equals(args[4]);
        String prefix = args.length > 5 ? args[5] : "";
        Agent agent = Agent.start(config);
        AtomicLong done = new AtomicLong();
        Semaphore inflight = new Semaphore(2_000);
        try (FileOutputStream out = new FileOutputStream(accepted.toFile(), true)) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                inflight.acquire();
                Envelope<?> e = Envelope.create(config.site(), "load", mixed ? MixedLoad.body(i, prefix)
                        : new DeviceTelemetry(prefix + "sensor-" + (i % 50), "temperature", null, Map.of("celsius", 20 + i % 10, "n", i)));
                agent.outbox().append(e).whenComplete((seq, err) -> {
                    // release only after the id is written: the last permits close the file
                    if (err == null) {
                        write(out, e.id());
                        done.incrementAndGet();
                    } else {
                        System.out.println("append refused: " + err);
                    }
                    inflight.release();
                });
            }
            inflight.acquire(2_000);
        }
        System.out.println("load done: " + done.get() + " accepted");
        while (agent.outbox().depth() > 0) {
            Thread.sleep(100);
        }
        System.out.println("drained");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static synchronized void write(FileOutputStream out, String id) {
        try {
            out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
