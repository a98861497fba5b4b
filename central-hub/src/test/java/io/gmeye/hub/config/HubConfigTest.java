package io.gmeye.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.platform.config.YamlConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hub.yaml's site timeout: 90 s when left out, taken as written, refused by its name when too short. */
class HubConfigTest {
    private final YamlConfigLoader yaml = new YamlConfigLoader("GMEYE_TEST_");

    @Test
    void theSiteTimeoutIsNinetySecondsUnlessTheFileSetsIt() {
        assertThat(load("sites: [{id: s1, secret: x}]\n").siteTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(load("siteTimeout: 5s\nsites: [{id: s1, secret: x}]\n").siteTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesASiteTimeoutUnderASecondNamingTheField() {
        assertThatThrownBy(() -> load("siteTimeout: 200ms\nsites: [{id: s1, secret: x}]\n")).hasMessageContaining("siteTimeout");
    }

    private HubConfig load(String text) {
        return yaml.loadString("hub.yaml", text, HubConfig.class, Map.of());
    }
}
