package io.gmeye.agent.bench;

import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench devices: telemetry messages per second the agent validates and stores durably
 * (QoS 1 PUBACK / CoAP 2.04 only after the RocksDB outbox's synced write), over MQTT and CoAP,
 * with the same clients in the same run against references that store nothing: Debian's
 * mosquitto broker for MQTT, and a bare Californium resource that answers 2.04 at once for CoAP.
 */
@Tag("bench")
class DevicesBenchmark {
    static final int DEVICES = Integer.getInteger("bench.devices.devices", 40);
    /** 20: what mosquitto grants as MQTT v5 receive maximum by default, so both sides get the same window. */
    static final int WINDOW = Integer.getInteger("bench.devices.window", 20);
    static final int SECONDS = Integer.getInteger("bench.devices.seconds", 15);
    static final byte[] READING = "{\"values\":{\"temperature\":21.5,\"humidity\":40,\"battery\":88}}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void telemetryPerSecondOverMqttAndCoapAgainstReferences() throws Exception {
        TestEstate estate = new TestEstate(dir);
        for (int i = 0; i < DEVICES; i++) {
            estate.device("th-" + i, "temp_humidity");
        }
        DevicesConfig config = estate.config();
        Vertx vertx = Vertx.vertx();
        RocksOutbox outbox = new RocksOutbox(dir.resolve("outbox"), 4L << 30, Clock.systemUTC(), Metrics.NOOP);
        DevicesFeature devices = new DevicesFeature("bench", vertx, outbox, Clock.systemUTC(), Metrics.NOOP, config, Path.of("/"), null);
        devices.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        Map<String, Object> fig = new LinkedHashMap<>();
        long before = outbox.stats().depth();
        double agentMqtt = mqtt("tcp://127.0.0.1:" + devices.mqttPorts().get(0), true);
        long storedMqtt = outbox.stats().depth() - before;
        double agentCoap = coap("coap://127.0.0.1:" + devices.coapPorts().get(0));
        devices.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        long stored = outbox.stats().depth() - before;
        outbox.close();

        int brokerPort = FreePorts.next();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n");
        Process mosquitto = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        double brokerMqtt;
        try {
            Thread.sleep(500);
            brokerMqtt = mqtt("tcp://127.0.0.1:" + brokerPort, false);
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(5, TimeUnit.SECONDS);
        }
        double bareCoap = bareCoap();

        fig.put("devices", DEVICES);
        fig.put("window", WINDOW);
        fig.put("mqtt_msgs_per_s", Math.round(agentMqtt));
        fig.put("mosquitto_msgs_per_s", Math.round(brokerMqtt));
        fig.put("mqtt_ratio", BenchReport.round(agentMqtt / brokerMqtt, 2));
        fig.put("coap_msgs_per_s", Math.round(agentCoap));
        fig.put("bare_coap_msgs_per_s", Math.round(bareCoap));
        fig.put("coap_ratio", BenchReport.round(agentCoap / bareCoap, 2));
        fig.put("stored_mqtt", storedMqtt);
        fig.put("stored_total", stored);
        BenchReport.write("devices", fig);
    }

    /** QoS 1 publishes from DEVICES clients, each with WINDOW unacknowledged at most; PUBACKs with reason 0 per second. */
    private static double mqtt(String uri, boolean agent) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<MqttAsyncClient> clients = new ArrayList<>();
        List<Thread> loaders = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String id = "th-" + i;
            MqttAsyncClient c = new MqttAsyncClient(uri, id + (agent ? "" : "-ref"), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            if (agent) {
                o.setUserName(id);
                o.setPassword(TestEstate.secret(id).getBytes(StandardCharsets.UTF_8));
            }
            o.setSocketFactory(new io.gmeye.rigs.devices.NoDelaySockets());
            c.connect(o).waitForCompletion(10_000);
            clients.add(c);
            Semaphore window = new Semaphore(WINDOW);
            MqttActionListener done = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    int[] rc = t.getReasonCodes();
                    if (rc == null || rc.length == 0 || rc[0] < 0x80) {
                        acked.incrementAndGet();
                    }
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    window.release();
                }
            };
            Thread t = new Thread(() -> {
                String topic = "dev/v1/" + id + "/telemetry";
                while (running.get()) {
                    try {
                        if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            MqttMessage m = new MqttMessage(READING);
                            m.setQos(1);
                            c.publish(topic, m, null, done);
                        }
                    } catch (Exception e) {
                        window.release();
                    }
                }
            }, "load-" + id);
            loaders.add(t);
        }
        return measure(acked, running, loaders, () -> {
            for (MqttAsyncClient c : clients) {
                c.disconnectForcibly(0, 1000, false);
                c.close(true);
            }
        });
    }

    /** Confirmable POSTs from DEVICES senders, each with WINDOW outstanding at most; 2.xx answers per second. */
    private static double coap(String base) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<CoapClient> clients = new ArrayList<>();
        List<CoapEndpoint> endpoints = new ArrayList<>();
        List<Thread> loaders = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String id = "th-" + i;
            // each device its own UDP socket, as real devices: one endpoint's message ids would run out (65536 per exchange lifetime)
            CoapEndpoint ep = new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
            ep.start();
            endpoints.add(ep);
            CoapClient c = new CoapClient(base + "/v1/" + id + "/telemetry").useCONs().setTimeout(10_000L);
            c.setEndpoint(ep);
            clients.add(c);
            Semaphore window = new Semaphore(Math.min(WINDOW, 8));
            CoapHandler done = new CoapHandler() {
                @Override
                public void onLoad(CoapResponse r) {
                    if (r.isSuccess()) {
                        acked.incrementAndGet();
                    }
                    window.release();
                }

                @Override
                public void onError() {
                    window.release();
                }
            };
            loaders.add(new Thread(() -> {
                while (running.get()) {
                    try {
                        if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            c.post(done, READING, MediaTypeRegistry.APPLICATION_JSON);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "coap-" + id));
        }
        return measure(acked, running, loaders, () -> {
            clients.forEach(CoapClient::shutdown);
            endpoints.forEach(CoapEndpoint::destroy);
        });
    }

    private static double bareCoap() throws Exception {
        CoapServer server = new CoapServer(Configuration.createStandardWithoutFile());
        CoapEndpoint ep = new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server.addEndpoint(ep);
        CoapResource v1 = new CoapResource("v1") {
            @Override
            public org.eclipse.californium.core.server.resources.Resource getChild(String name) {
                return new CoapResource(name) {
                    @Override
                    public org.eclipse.californium.core.server.resources.Resource getChild(String n) {
                        return new CoapResource(n) {
                            @Override
                            public void handlePOST(CoapExchange exchange) {
                                exchange.respond(CoAP.ResponseCode.CHANGED);
                            }
                        };
                    }
                };
            }
        };
        server.add(v1);
        server.start();
        try {
            return coap("coap://127.0.0.1:" + ep.getAddress().getPort());
        } finally {
            server.destroy();
        }
    }

    interface Closer {
        void close() throws Exception;
    }

    private static double measure(AtomicLong acked, AtomicBoolean running, List<Thread> loaders, Closer close) throws Exception {
        loaders.forEach(Thread::start);
        Thread.sleep(3000); // warm-up
        long a0 = acked.get();
        long t0 = System.nanoTime();
        Thread.sleep(SECONDS * 1000L);
        long a1 = acked.get();
        long t1 = System.nanoTime();
        running.set(false);
        for (Thread t : loaders) {
            t.join(5000);
        }
        Thread.sleep(500);
        close.close();
        return (a1 - a0) / ((t1 - t0) / 1e9);
    }
}
