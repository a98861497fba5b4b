package io.gmeye.rigs.metrics;

/** Reads figures out of a Prometheus text exposition (what GET /metrics serves), as a scraper would. */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** The sum of every sample of {@code name} whose labels include each {@code key, value} pair given; 0 when there is none. */
    public static double sum(String exposition, String name, String... labels) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelText = close < 0 ? "" : line.substring(name.length(), close + 1);
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
