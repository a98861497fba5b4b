package io.gmeye.rigs.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's cluster script ({@code ./run cluster ...}, scripts/cluster.sh) on a folder of its own, with the given environment. */
final class ClusterScript {
    private final Path root = projectRoot();
    private final Path dir;
    private final Map<String, String> env;

    ClusterScript(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    Path dir() {
        return dir;
    }

    void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/cluster.sh").toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = dir.resolve("script.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("GMEYE_ROOT", root.toString());
        pb.environment().put("GMEYE_CLUSTER_DIR", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("./run cluster " + String.join(" ", args) + " did not finish in 180 s; see " + out);
        }
        if (p.exitValue() != 0) {
            String log = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "(no output)";
            throw new IllegalStateException("./run cluster " + String.join(" ", args) + " failed:\n" + log);
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

}
