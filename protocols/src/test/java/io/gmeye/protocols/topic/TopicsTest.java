package io.gmeye.protocols.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.envelope.MessageType;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void buildsAndParsesAgentTopics() {
        String t = Topics.up("site-a", MessageType.CAMERA_HEALTH);
        assertThat(t).isEqualTo("gm/v1/site-a/up/camera.health");
        assertThat(Topics.parseUp(t)).contains(new Topics.Up("site-a", MessageType.CAMERA_HEALTH));
        assertThat(Topics.parseUp(Topics.upBatch("s1")).orElseThrow().batch()).isTrue();
        assertThat(Topics.down("s1", "snapshot")).isEqualTo("gm/v1/s1/down/snapshot");
        assertThat(Topics.parseDown("gm/v1/s1/down/snapshot")).contains(new Topics.Down("s1", "snapshot"));
    }

    @Test
    void refusesTopicsOutsideTheContract() {
        assertThat(Topics.parseUp("gm/v1/site-a/up/command")).isEmpty(); // a down type going up
        assertThat(Topics.parseUp("gm/v1/site-a/up/unknown")).isEmpty();
        assertThat(Topics.parseUp("gm/v2/site-a/up/agent.health")).isEmpty();
        assertThat(Topics.parseUp("gm/v1/+/up/agent.health")).isEmpty();
        assertThat(Topics.parseUp("gm/v1/site-a/up/agent.health/extra")).isEmpty();
        assertThat(Topics.parseUp(null)).isEmpty();
    }

    @Test
    void parsesDeviceTopics() {
        assertThat(Topics.parseDevice(Topics.deviceTelemetry("smoke-7"))).contains(new Topics.DeviceTopic("smoke-7", "telemetry"));
        assertThat(Topics.parseDevice("dev/v1/smoke-7/firmware")).isEmpty();
        assertThat(Topics.parseDevice("dev/v1/#/telemetry")).isEmpty();
    }
}
