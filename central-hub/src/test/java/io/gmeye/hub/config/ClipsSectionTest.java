package io.gmeye.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** hub.yaml's clips section, read as the hub reads its file. */
class ClipsSectionTest {
    private final YamlConfigLoader loader = new YamlConfigLoader("GMEYE_");

    @Test
    void theClipCacheAndThePieceSizeAreReadFromTheFileAndDefaultTo2GiBAnd256KiB() {
        HubConfig set = loader.loadString("hub.yaml", "clips: {cacheSize: 512MiB, pieceSize: 64KiB}\n", HubConfig.class, Map.of());
        assertThat(set.clips().cacheSize().bytes()).isEqualTo(512L << 20);
        assertThat(set.clips().pieceSize().bytes()).isEqualTo(64L << 10);
        HubConfig none = loader.loadString("hub.yaml", "dataDir: data/hub\n", HubConfig.class, Map.of());
        assertThat(none.clips().cacheSize().bytes()).isEqualTo(2L << 30);
        assertThat(none.clips().pieceSize().bytes()).isEqualTo(256L << 10);
    }

    @Test
    void aPieceLargerThanAnAgentSendsOrATinyCacheFailsAtLoadNamingTheField() {
        assertThatThrownBy(() -> loader.loadString("hub.yaml", "clips: {pieceSize: 4MiB}\n", HubConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("clips.pieceSize").hasMessageContaining("1MiB");
        assertThatThrownBy(() -> loader.loadString("hub.yaml", "clips: {cacheSize: 1MiB}\n", HubConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("clips.cacheSize");
        assertThatThrownBy(() -> loader.loadString("hub.yaml", "clips: {pieceSize: lots}\n", HubConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pieceSize");
    }
}
