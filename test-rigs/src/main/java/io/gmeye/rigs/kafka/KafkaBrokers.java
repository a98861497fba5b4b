package io.gmeye.rigs.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real Kafka brokers (KRaft, combined broker and controller) as separate JVMs, started and
 * killed through the project's own script ({@code ./run cluster}, scripts/cluster.sh) on free
 * loopback ports in a folder of their own. Stops them all on close.
 */
public final class KafkaBrokers implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final List<Integer> ports;
    private final List<Integer> controllerPorts;

    private KafkaBrokers(Path root, Path dir, List<Integer> ports, List<Integer> controllerPorts) {
        this.root = root;
        this.dir = dir;
        this.ports = ports;
        this.controllerPorts = controllerPorts;
    }

    /** Starts {@code n} brokers in {@code dir} and waits until each takes connections. */
    public static KafkaBrokers start(int n, Path dir) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(freePort());
            controllers.add(freePort());
        }
        KafkaBrokers b = new KafkaBrokers(projectRoot(), dir, ports, controllers);
        b.script("kafka", "start");
        return b;
    }

    /** host:port,... of every broker. */
    public String bootstrap() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public int size() {
        return ports.size();
    }

    /** kill -9 of broker {@code n} (1-based). */
    public void kill(int n) throws IOException, InterruptedException {
        script("broker", "kill", Integer.toString(n));
    }

    public void start(int n) throws IOException, InterruptedException {
        script("broker", "start", Integer.toString(n));
    }

    public Path dir() {
        return dir;
    }

    private void script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/cluster.sh").toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = dir.resolve("script.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        Map<String, String> env = pb.environment();
        env.put("GMEYE_ROOT", root.toString());
        env.put("GMEYE_CLUSTER_DIR", dir.toString());
        env.put("GMEYE_KAFKA_PORTS", ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
        env.put("GMEYE_KAFKA_CONTROLLER_PORTS", controllerPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
        env.put("GMEYE_KAFKA_HEAP", "256m");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("./run cluster " + String.join(" ", args) + " did not finish in 180 s; see " + out);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("./run cluster " + String.join(" ", args) + " failed:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
    }

    /** The repository root: the folder above the working directory that holds scripts/cluster.sh. */
    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("scripts/cluster.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find scripts/cluster.sh above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Kills every broker and deletes their folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        script("wipe");
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
