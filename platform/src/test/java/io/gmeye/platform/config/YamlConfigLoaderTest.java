package io.gmeye.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlConfigLoaderTest {
    record Hub(String url, Duration reconnectMax, ByteSize maxBytes) implements Validated {
        @Override
        public void validate() {
            if (url == null || !url.startsWith("tcp://")) {
                throw new IllegalArgumentException("url: must start with tcp://, got '" + url + "'");
            }
        }
    }

    record Camera(String id, String url) implements Validated {
        @Override
        public void validate() {
            if (id == null) {
                throw new IllegalArgumentException("id: is required");
            }
        }
    }

    record Conf(String site, Hub hub, List<Camera> cameras) {
    }

    private final YamlConfigLoader loader = new YamlConfigLoader("GMEYE_");

    @Test
    void bindsUnitsAndNestedRecords() {
        Conf c = loader.loadString("agent.yaml", """
                site: s1
                hub: {url: "tcp://h:1883", reconnectMax: 30s, maxBytes: 2GiB}
                cameras: [{id: c1, url: "rtsp://x"}]
                """, Conf.class, Map.of());
        assertThat(c.hub().reconnectMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.hub().maxBytes().bytes()).isEqualTo(2L << 30);
        assertThat(c.cameras()).hasSize(1);
    }

    @Test
    void environmentOverridesFieldsEvenOnesTheFileLacks() {
        Conf c = loader.loadString("agent.yaml", "site: s1\nhub: {url: 'tcp://a:1'}\n", Conf.class,
                Map.of("GMEYE_HUB_URL", "tcp://b:2", "GMEYE_HUB_MAXBYTES", "1MiB", "GMEYE_SITE", "s2", "GMEYE_HOME", "/opt"));
        assertThat(c.site()).isEqualTo("s2");
        assertThat(c.hub().url()).isEqualTo("tcp://b:2");
        assertThat(c.hub().maxBytes().bytes()).isEqualTo(1L << 20);
    }

    @Test
    void namesTheFieldOfAnInvalidValue() {
        assertThatThrownBy(() -> loader.loadString("agent.yaml", "site: s1\nhub: {url: 'http://x'}\n", Conf.class, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml: hub.url: must start with tcp://, got 'http://x'");
        assertThatThrownBy(() -> loader.loadString("agent.yaml", "hub: {url: 'tcp://x', reconnectMax: soon}\n", Conf.class, Map.of()))
                .hasMessageContaining("agent.yaml: hub.reconnectMax: 'soon' is not a duration");
        assertThatThrownBy(() -> loader.loadString("agent.yaml", "hub: {url: 'tcp://x'}\ncameras: [{url: u}]\n", Conf.class, Map.of()))
                .hasMessage("agent.yaml: cameras[0].id: is required");
    }

    @Test
    void refusesUnknownFieldsAndBrokenYaml() {
        assertThatThrownBy(() -> loader.loadString("agent.yaml", "hub: {url: 'tcp://x', urll: 1}\n", Conf.class, Map.of()))
                .hasMessageContaining("agent.yaml: hub.urll: unknown field (known: maxBytes, reconnectMax, url)");
        assertThatThrownBy(() -> loader.loadString("agent.yaml", "hub: [unclosed\n", Conf.class, Map.of()))
                .hasMessageStartingWith("agent.yaml: not valid YAML");
    }
}
