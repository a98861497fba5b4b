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

    /** The q-quantile (0..1) of nanosecond samples, in milliseconds with three decimals. */
    public static double percentileMs(long[] nanos, double q) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
        return Math.round(s[Math.max(0, i)] / 1000.0) / 1000.0;
    }

    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
