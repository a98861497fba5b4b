package io.gmeye.agent.devices;

import io.gmeye.platform.config.Validated;
import java.time.Duration;

/**
 * The device endpoints of an agent.
 *
 * @param typesDir               folder of device type descriptors (*.yaml)
 * @param registryFile           the site's devices with their credentials
 * @param offlineAfterHeartbeats a device is offline after this many of its type's heartbeat intervals without a message
 * @param healthInterval         how often connectivity changes go upstream
 * @param fullHealthInterval     how often the state of every device goes upstream
 * @param healthBatchSize        devices per device.health message (keeps each under the envelope size limit)
 * @param commandTimeout         how long a delivered command may wait for the device's result
 * @param broker                 optionally, a site's existing MQTT broker the devices already talk to
 */
public record DevicesConfig(
        boolean enabled,
        String typesDir,
        String registryFile,
        Mqtt mqtt,
        Coap coap,
        int offlineAfterHeartbeats,
        Duration healthInterval,
        Duration fullHealthInterval,
        int healthBatchSize,
        Duration commandTimeout,
        SiteBroker broker) implements Validated {

    /**
     * A broker the site already runs (mosquitto, EMQX...): the agent subscribes to
     * {@code dev/v1/+/telemetry|event|status} there and publishes commands on {@code dev/v1/{id}/cmd}.
     * The broker authenticates the devices and enforces their topics; the agent trusts the id in the topic.
     */
    public record SiteBroker(boolean enabled, String url, String username, String password, String clientId) {
        public SiteBroker {
            clientId = clientId == null ? "gmeye-agent" : clientId;
        }
    }

    /**
     * @param tls optional TLS listener beside the plain one
     */
    public record Mqtt(Boolean enabled, String host, int port, int maxMessageBytes, Tls tls) {
        public Mqtt {
            enabled = enabled == null || enabled; // a listener that is configured is meant to listen
            host = host == null ? "0.0.0.0" : host;
            maxMessageBytes = maxMessageBytes <= 0 ? 64 * 1024 : maxMessageBytes;
            tls = tls == null ? new Tls(false, 0, null, null) : tls;
        }
    }

    public record Tls(boolean enabled, int port, String certFile, String keyFile) {
    }

    /**
     * @param dtlsPort  DTLS-PSK listener for devices that have a pre-shared key, 0 for none
     * @param allowPlain accept plain CoAP from devices without a key (closed field networks, NB-IoT). Plain CoAP
     *                   carries no credentials, so anyone on the site network could post as such a device:
     *                   off unless the site asks for it
     */
    public record Coap(Boolean enabled, String host, int port, int dtlsPort, boolean allowPlain) {
        public Coap {
            enabled = enabled == null || enabled; // a listener that is configured is meant to listen
            host = host == null ? "0.0.0.0" : host;
        }
    }

    public DevicesConfig {
        typesDir = typesDir == null ? "config/device-types" : typesDir;
        registryFile = registryFile == null ? "config/devices.yaml" : registryFile;
        mqtt = mqtt == null ? new Mqtt(true, null, 1884, 0, null) : mqtt;
        coap = coap == null ? new Coap(true, null, 5683, 5684, false) : coap;
        offlineAfterHeartbeats = offlineAfterHeartbeats <= 0 ? 3 : offlineAfterHeartbeats;
        healthInterval = healthInterval == null ? Duration.ofSeconds(10) : healthInterval;
        fullHealthInterval = fullHealthInterval == null ? Duration.ofMinutes(5) : fullHealthInterval;
        healthBatchSize = healthBatchSize <= 0 ? 500 : healthBatchSize;
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(30) : commandTimeout;
        broker = broker == null ? new SiteBroker(false, null, null, null, null) : broker;
    }

    public static DevicesConfig defaults() {
        return new DevicesConfig(true, null, null, null, null, 0, null, null, 0, null, null);
    }

    @Override
    public void validate() {
        if (mqtt.tls().enabled() && (mqtt.tls().certFile() == null || mqtt.tls().keyFile() == null)) {
            throw new IllegalArgumentException("mqtt.tls: certFile and keyFile (PEM) are required when TLS is enabled");
        }
        if (healthInterval.compareTo(fullHealthInterval) > 0) {
            throw new IllegalArgumentException("healthInterval: longer than fullHealthInterval");
        }
        if (broker.enabled() && (broker.url() == null || broker.url().isBlank())) {
            throw new IllegalArgumentException("broker.url: is required when the site broker is enabled (e.g. tcp://10.0.0.5:1883)");
        }
        if (healthBatchSize > 2000) {
            throw new IllegalArgumentException("healthBatchSize: " + healthBatchSize + " devices would not fit one message; at most 2000");
        }
    }
}
