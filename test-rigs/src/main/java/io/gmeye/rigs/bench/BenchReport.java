package io.gmeye.rigs.bench;

import io.gmeye.protocols.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Benchmarks of every module: writes a benchmark's figures to target/bench/NAME.json and prints the one BENCH line, last. */
public final class BenchReport {
    private BenchReport() {
    }

    public static void write(String name, Map<String, Object> figures) throws Exception {
        Path root = Path.of(System.getProperty("gmeye.root", "."));
        Path out = root.resolve("target").resolve("bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve(name + ".json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
        String line = "BENCH " + name + " " + figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        Files.writeString(out.resolve(name + ".txt"), line + "\n");
        System.out.println(line);
    }
}
