package io.gmeye.models.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a benchmark's figures: target/bench/NAME.json and the `BENCH name key=value ...` line the script prints last. */
public final class BenchReport {
    private final String name;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    public BenchReport(String name) {
        this.name = name;
    }

    public BenchReport put(String key, Object value) {
        figures.put(key, value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
        return this;
    }

    public String line() {
        return "BENCH " + name + " " + figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    public void write() {
        Path dir = Path.of(System.getProperty("gmeye.root", ".")).resolve("target/bench");
        String json = figures.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof Number ? e.getValue() : "\"" + e.getValue() + "\""))
                .collect(Collectors.joining(", ", "{\"name\": \"" + name + "\", ", "}\n"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".json"), json);
            Files.writeString(dir.resolve(name + ".txt"), line() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(line());
    }
}
