package io.gmeye.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {
    private static final String HUB = """
            dataDir: /tmp/unused
            cluster:
              node: node-1
              kafka: {bootstrap: "127.0.0.1:19092"}
            """;

    private static HubConfig load(String yaml, Map<String, String> env) {
        return new YamlConfigLoader("GMEYE_").loadString("hub.yaml", yaml, HubConfig.class, env);
    }

    @Test
    void aNodesRoutingComesFromHubYamlAndTheEnvironmentWithLoopbackDefaults() {
        RoutingConfig r = load(HUB + "  routing: {port: 5702, members: \"127.0.0.1:5701, 127.0.0.1:5702\"}\n", Map.of()).cluster().routing();
        assertThat(r.host()).isEqualTo("127.0.0.1");
        assertThat(r.port()).isEqualTo(5702);
        assertThat(r.memberList()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(r.eventBusPort()).isZero();
        assertThat(r.memberTimeout()).isEqualTo(Duration.ofSeconds(10));

        RoutingConfig fromEnv = load(HUB + "  routing: {}\n", Map.of("GMEYE_CLUSTER_ROUTING_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701",
                "GMEYE_CLUSTER_ROUTING_HOST", "10.0.0.1")).cluster().routing();
        assertThat(fromEnv.host()).isEqualTo("10.0.0.1");
        assertThat(fromEnv.memberList()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");

        assertThat(load(HUB, Map.of()).cluster().routing()).as("absent: the node routes nothing").isNull();
    }

    @Test
    void refusesAMemberListThatIsNotHostAndPortWithTheFieldsName() {
        assertThatThrownBy(() -> load(HUB + "  routing: {members: \"127.0.0.1\"}\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.routing").hasMessageContaining("members").hasMessageContaining("host:port");
        assertThatThrownBy(() -> load(HUB + "  routing: {host: \"0.0.0.0,1.2.3.4\"}\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("host");
    }
}
