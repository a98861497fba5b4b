package io.gmeye.agent.devices.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.Processes;
import io.gmeye.agent.devices.RecordingOutbox;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device endpoint's optional TLS listener, with mosquitto_pub verifying the agent's certificate. */
class MqttTlsIT {
    @TempDir
    Path dir;

    @Test
    void mosquittoPubOverTlsIsStored() throws Exception {
        Processes.Result cert = Processes.run(60, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        assertThat(cert.exit()).as(cert.out()).isZero();
        DevicesConfig plain = new TestEstate(dir).device("wl-9", "water_level").config();
        int tlsPort = FreePorts.next();
        DevicesConfig config = new DevicesConfig(true, plain.typesDir(), plain.registryFile(),
                new DevicesConfig.Mqtt(true, "127.0.0.1", plain.mqtt().port(), 0,
                        new DevicesConfig.Tls(true, tlsPort, dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString())),
                new DevicesConfig.Coap(false, null, 0, 0, false), 3, null, null, 0, null, null);
        Vertx vertx = Vertx.vertx();
        RecordingOutbox outbox = new RecordingOutbox();
        DevicesFeature devices = new DevicesFeature("site-a", vertx, outbox, Clock.systemUTC(), Metrics.NOOP, config, Path.of("/"), TestEstate.PERSONS);
        try {
            devices.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(devices.mqttPorts()).contains(tlsPort);
            Processes.Result r = Processes.run(15, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(tlsPort),
                    "--cafile", dir.resolve("cert.pem").toString(), "-u", "wl-9", "-P", TestEstate.secret("wl-9"),
                    "-t", "dev/v1/wl-9/telemetry", "-m", "{\"level\": 1.25}");
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(outbox.bodies(DeviceTelemetry.class)).singleElement().satisfies(t -> assertThat(t.values()).containsEntry("level", 1.25));
        } finally {
            devices.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
