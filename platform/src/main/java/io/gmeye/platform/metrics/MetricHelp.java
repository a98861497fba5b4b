package io.gmeye.platform.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The HELP text of every gmeye metric, kept in one file ({@value #RESOURCE}: Micrometer name =
 * text), so features name their metrics where they count and /metrics still explains each one.
 * A test on a running hub fails for any metric without a line here.
 */
public final class MetricHelp {
    public static final String RESOURCE = "io/gmeye/platform/metrics/metrics-help.properties";
    private static final Properties HELP = load();

    private MetricHelp() {
    }

    /** The text for a Micrometer metric name (gmeye.agents.connects), null when the file has none. */
    public static String of(String name) {
        return HELP.getProperty(name);
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = MetricHelp.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return p;
    }
}
