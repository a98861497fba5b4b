package io.gmeye.agent.inspection.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneConfigTest {
    private final YamlConfigLoader loader = new YamlConfigLoader("GMEYE_");

    @Test
    void aShortSceneTakesItsTypesPresetAndOverridesFieldByField() {
        InspectionConfig c = loader.loadString("agent.yaml", """
                blurFaces: true
                scenes:
                  - id: gate-vending
                    type: vending
                    camera: cam-12
                    zones: [{name: pavement, points: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]]}]
                    dwell: 3m
                  - id: shop-front
                    type: out_of_store
                    camera: cam-13
                    line: {x1: 0, y1: 0.6, x2: 1, y2: 0.55, beyond: BELOW}
                    schedule: {hours: "08:00-20:00", days: [MON, TUE, WED, THU, FRI]}
                    tags: [shop-12, 六乱一超]
                """, InspectionConfig.class, Map.of());
        SceneConfig vending = c.scenes().get(0);
        assertThat(vending.type()).isEqualTo(SceneType.VENDING);
        assertThat(vending.dwell()).isEqualTo(Duration.ofMinutes(3));
        assertThat(vending.classes()).containsExactly("person");
        assertThat(vending.companions()).contains("umbrella", "banana");
        assertThat(vending.minCompanions()).isEqualTo(1);
        assertThat(vending.tags()).contains("street-vending");
        SceneConfig shop = c.scenes().get(1);
        assertThat(shop.zones()).hasSize(1); // the whole picture
        assertThat(shop.classes()).contains("chair", "dining table");
        assertThat(shop.tags()).containsExactly("shop-12", "六乱一超");
        assertThat(c.blurFaces()).isTrue();
        long mondayNoon = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        assertThat(shop.schedule().activeAt(mondayNoon)).isTrue();
        assertThat(shop.schedule().activeAt(mondayNoon + 5 * 86_400_000L)).isFalse(); // Saturday
        assertThat(shop.schedule().activeAt(mondayNoon + 10 * 3_600_000L)).isFalse(); // 22:00
    }

    @Test
    void aBadSceneFailsAtLoadNamingTheField() {
        assertThatThrownBy(() -> loader.loadString("agent.yaml", """
                scenes: [{id: s, type: banner, camera: c}]
                """, InspectionConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("agent.yaml: scenes[0].line: a banner scene needs a line (x1, y1, x2, y2, beyond)");
        assertThatThrownBy(() -> loader.loadString("agent.yaml", """
                scenes: [{id: s, type: loitering, camera: c}]
                """, InspectionConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scenes[0].type").hasMessageContaining("not a scene type");
        assertThatThrownBy(() -> loader.loadString("agent.yaml", """
                scenes: [{id: s, type: poster, camera: c, zones: [{name: wall, points: [[0, 0], [2, 0], [0, 1]]}]}]
                """, InspectionConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("scenes[0].zones[0].points");
    }
}
