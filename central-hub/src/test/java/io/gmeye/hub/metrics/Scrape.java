package io.gmeye.hub.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Prometheus text exposition as a test reads it: samples by series, and the HELP text of each family. */
record Scrape(Map<String, Double> samples, Map<String, String> help) {
    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                help.put(sp < 0 ? rest : rest.substring(0, sp), sp < 0 ? "" : rest.substring(sp + 1).strip());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int cut = line.lastIndexOf(' ');
                samples.put(line.substring(0, cut), Double.parseDouble(line.substring(cut + 1)));
            }
        }
        return new Scrape(samples, help);
    }

    /** Metric names with samples (histogram series under their _bucket, _count and _sum names). */
    Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        samples.keySet().forEach(s -> out.add(s.contains("{") ? s.substring(0, s.indexOf('{')) : s));
        return out;
    }

    /** The value of the series whose name and labels are given ("name", "label=value"...); NaN when absent. */
    double value(String name, String... labels) {
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String s = e.getKey();
            String n = s.contains("{") ? s.substring(0, s.indexOf('{')) : s;
            if (!n.equals(name)) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                String[] kv = l.split("=", 2);
                all &= s.contains(kv[0] + "=\"" + kv[1] + "\"");
            }
            if (all) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }

    /** Sum of every series of a name. */
    double sum(String name) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
                total += e.getValue();
            }
        }
        return total;
    }

    List<String> withoutHelp() {
        List<String> out = new ArrayList<>();
        help.forEach((name, text) -> {
            if (text.isBlank()) {
                out.add(name);
            }
        });
        return out;
    }
}
