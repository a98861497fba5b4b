package io.gmeye.rigs.kafka;

import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real Kafka brokers (KRaft, combined broker and controller) as separate JVMs, started and
 * killed through the project's own script ({@code ./run cluster}, scripts/cluster.sh) on free
 * loopback ports in a folder of their own. Kills them all and deletes the folder on close.
 */
public final class KafkaBrokers implements AutoCloseable {
    private final ClusterScript script;
    private final List<Integer> ports;

    private KafkaBrokers(ClusterScript script, List<Integer> ports) {
        this.script = script;
        this.ports = ports;
    }

    /** Starts {@code n} brokers in {@code dir} and waits until each takes connections. */
    public static KafkaBrokers start(int n, Path dir) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(FreePorts.next());
            controllers.add(FreePorts.next());
        }
        ClusterScript script = new ClusterScript(dir, Map.of(
                "GMEYE_KAFKA_PORTS", ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "GMEYE_KAFKA_CONTROLLER_PORTS", controllers.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "GMEYE_KAFKA_HEAP", "256m"));
        KafkaBrokers b = new KafkaBrokers(script, ports);
        script.run("kafka", "start");
        return b;
    }

    /** host:port,... of every broker. */
    public String bootstrap() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** kill -9 of broker {@code n} (1-based). */
    public void kill(int n) throws IOException, InterruptedException {
        script.run("broker", "kill", Integer.toString(n));
    }

    public void start(int n) throws IOException, InterruptedException {
        script.run("broker", "start", Integer.toString(n));
    }

    public Path dir() {
        return script.dir();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script.run("wipe");
        if (Files.exists(script.dir())) {
            try (Stream<Path> s = Files.walk(script.dir())) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
