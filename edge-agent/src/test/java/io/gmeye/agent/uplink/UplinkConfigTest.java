package io.gmeye.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hub's address: one node, or a cluster's nodes in the order the agent tries them. */
class UplinkConfigTest {
    private static UplinkConfig of(String url) {
        return new UplinkConfig(url, null, "secret", null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void takesSeveralHubNodesToTryInOrder() {
        UplinkConfig c = of("tcp://10.0.0.1:1883, tcp://10.0.0.2:1883,tcp://10.0.0.3:1883");
        c.validate();
        assertThat(c.urls()).containsExactly("tcp://10.0.0.1:1883", "tcp://10.0.0.2:1883", "tcp://10.0.0.3:1883");
    }

    @Test
    void refusesANodeThatIsNotMqttAndNodesThatMixPlainAndTls() {
        assertThatThrownBy(() -> of("tcp://a:1883,http://b:80").validate()).hasMessageContaining("got 'http://b:80'");
        assertThatThrownBy(() -> of("tcp://a:1883,ssl://b:8883").validate()).hasMessageContaining("must all be tcp:// or all ssl://");
    }
}
