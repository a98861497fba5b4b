package io.gmeye.agent.bench;

import io.gmeye.protocols.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a benchmark's figures to target/bench/NAME.json (and .txt) and prints the one BENCH line, last. */
final class BenchReport {
    private BenchReport() {
    }

    static void write(String name, Map<String, Object> figures) throws Exception {
        Path out = Path.of(System.getProperty("gmeye.root", ".")).resolve("target").resolve("bench");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(figures));
        String line = "BENCH " + name + " " + figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        Files.writeString(out.resolve(name + ".txt"), line + "\n");
        System.out.println(line);
    }

    /** The q-quantile (0..1) of nanosecond samples, in milliseconds with three decimals. */
    static double percentileMs(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
        return Math.round(s[Math.max(0, i)] / 1000.0) / 1000.0;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
