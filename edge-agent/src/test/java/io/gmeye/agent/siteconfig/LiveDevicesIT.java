package io.gmeye.agent.siteconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.protocols.device.DeviceTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices registered and unregistered live, as a configuration from the hub does it, seen by
 * real MQTT devices: a device added is let in and its readings stored, a device removed has its
 * readings refused (0x87) while still connected and is turned away at its next connect, and a list with a device type the agent does not know changes
 * nothing.
 */
class LiveDevicesIT {
    @TempDir
    Path dir;

    @Test
    void devicesAddedAreLetInAndDevicesRemovedAreTurnedAway() throws Exception {
        try (DevicesHarness agent = new DevicesHarness(new TestEstate(dir).device("th-1", "temp_humidity")).start()) {
            assertThatThrownBy(() -> connect(agent, "th-2")).as("not configured yet").isInstanceOf(MqttException.class);
            MqttAsyncClient th1 = connect(agent, "th-1");

            agent.feature.replaceDevices(List.of(new DeviceEntry("th-2", "temp_humidity", DeviceSecret.hash(TestEstate.secret("th-2")), null, null,
                    List.of())));
            assertThat(agent.feature.connectivity().total()).isEqualTo(1);
            MqttAsyncClient th2 = connect(agent, "th-2");
            try {
                IMqttToken t = th2.publish("dev/v1/th-2/telemetry", reading());
                t.waitForCompletion(5000);
                assertThat(t.getReasonCodes()).containsExactly(0);
                assertThat(agent.outbox.bodies(DeviceTelemetry.class)).extracting(DeviceTelemetry::device).containsExactly("th-2");
            } finally {
                th2.disconnect().waitForCompletion(2000);
                th2.close();
            }
            IMqttToken late = th1.publish("dev/v1/th-1/telemetry", reading());
            late.waitForCompletion(5000);
            assertThat(late.getReasonCodes()).as("removed while connected: its readings are turned away").containsExactly(0x87);
            th1.disconnect().waitForCompletion(2000);
            th1.close();
            assertThatThrownBy(() -> connect(agent, "th-1")).as("removed").isInstanceOf(MqttException.class);
            assertThat(agent.outbox.bodies(DeviceTelemetry.class)).extracting(DeviceTelemetry::device).containsExactly("th-2");

            assertThatThrownBy(() -> agent.feature.replaceDevices(List.of(new DeviceEntry("x-1", "toaster", null, null, null, List.of()))))
                    .hasMessageContaining("'toaster' is not a known device type");
            assertThat(agent.feature.registry().find("th-2")).as("a bad list changes nothing").isPresent();
            assertThat(agent.feature.connectivity().total()).isEqualTo(1);
        }
    }

    private static MqttMessage reading() {
        MqttMessage m = new MqttMessage("{\"ts\": 1, \"values\": {\"temperature\": 21.5, \"humidity\": 40}}".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    private static MqttAsyncClient connect(DevicesHarness agent, String id) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(agent.mqttUri(), id + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(TestEstate.secret(id).getBytes(StandardCharsets.UTF_8));
        try {
            c.connect(o).waitForCompletion(5000);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
