package io.gmeye.rigs.fuzz;

import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import io.gmeye.rigs.wire.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * Fuzzes the hub's agent endpoint over real MQTT: mutated envelopes, batches, snapshot headers
 * and JPEGs, and now and then a mutated topic, pipelined on one authenticated connection. Every
 * QoS 1 publish must be answered: PUBACK 0x00, or a refusal code with a reason string; a
 * DISCONNECT must carry a reason too. No answer within the timeout is a hang, an unspecified
 * error (0x80) a server fault: both are findings. After a disconnect it reconnects and goes on.
 */
public final class WireFuzzer {
    private static final int TIMEOUT_MS = 10_000;
    private static final String[] ODD_TOPICS = {"gm/v1/%s/up/", "gm/v1/%s/up/device.telemetry/extra", "gm/v1/%s/down/command", "gm/v1//up/batch",
        "gm/v1/%s/up/DEVICE.TELEMETRY", "gm/v1/%s/up/光明", "gm/v1/%s/up/" + "x".repeat(300), "/gm/v1/%s/up/batch", "gm/v1/%s/up/batch ",
        "gm/v1/other-site/up/device.telemetry"};

    private final String host;
    private final int port;
    private final String site;
    private final String secret;
    private final EnvelopeCodec codec = new EnvelopeCodec();

    public WireFuzzer(String host, int port, String site, String secret) {
        this.host = host;
        this.port = port;
        this.site = site;
        this.secret = secret;
    }

    private record Sent(int packetId, String what) {
    }

    public FuzzReport run(long seed, int inputs, int window) throws IOException {
        FuzzReport report = new FuzzReport();
        Mutator mutator = new Mutator(seed, 300 * 1024);
        Random random = mutator.random();
        List<MessageType> types = Samples.upTypes();
        ArrayDeque<Sent> inflight = new ArrayDeque<>();
        RawMqttClient c = connect();
        int packetId = 0;
        for (int i = 0; i < inputs; i++) {
            packetId = packetId % 65_535 + 1;
            MessageType type = types.get(random.nextInt(types.size()));
            boolean batch = !type.binary() && random.nextInt(6) == 0;
            Envelope<?> e = Samples.envelope(site, type, i);
            String topic = batch ? Topics.upBatch(site) : Topics.up(site, type);
            byte[] payload = batch ? EnvelopeCodec.joinBatch(List.of(codec.encode(e), codec.encode(Samples.envelope(site, MessageType.DEVICE_TELEMETRY, i))))
                    : type.binary() ? Samples.JPEG : codec.encode(e);
            String header = type.binary() ? codec.encodeToString(e) : null;
            String what;
            int dice = random.nextInt(20);
            if (dice == 0) {
                topic = String.format(ODD_TOPICS[random.nextInt(ODD_TOPICS.length)], site);
                what = "topic " + topic;
            } else if (type.binary() && dice < 10) {
                Mutator.Mutation m = mutator.mutate(header.getBytes(StandardCharsets.UTF_8));
                header = new String(m.bytes(), StandardCharsets.UTF_8);
                what = "snapshot header " + m.kind();
            } else {
                Mutator.Mutation m = mutator.mutate(payload);
                payload = m.bytes();
                what = (batch ? "batch " : type.wire() + " ") + m.kind();
            }
            byte[] packet = header != null ? MqttPacket.publish(topic, 1, packetId, payload, MqttPacket.ENVELOPE_PROPERTY, header)
                    : MqttPacket.publish(topic, 1, packetId, payload);
            try {
                c.send(packet);
                inflight.add(new Sent(packetId, what));
                while (inflight.size() >= window) {
                    if (!settle(c, inflight, report)) {
                        c = reconnect(c, inflight, report);
                    }
                }
            } catch (IOException closed) {
                c = reconnect(c, inflight, report);
            }
        }
        while (!inflight.isEmpty()) {
            if (!settle(c, inflight, report)) {
                c = reconnect(c, inflight, report);
            }
        }
        c.send(MqttPacket.disconnect());
        c.close();
        return report;
    }

    /** Reads one answer; false when the connection ended (with or without a DISCONNECT). */
    private boolean settle(RawMqttClient c, ArrayDeque<Sent> inflight, FuzzReport report) {
        MqttPacket.Received p;
        try {
            p = c.read(TIMEOUT_MS);
        } catch (IOException eof) {
            report.outcome("closed_without_disconnect");
            report.finding("connection closed without a DISCONNECT after " + inflight.peekLast().what());
            return false;
        }
        if (p == null) {
            report.outcome("hang");
            report.finding("no answer within " + TIMEOUT_MS + " ms to " + inflight.peek().what());
            return false;
        }
        if (p.type() == MqttPacket.DISCONNECT) {
            report.outcome(String.format("disconnect_0x%02x", p.reasonCode()));
            if (p.reasonString() == null || p.reasonString().isBlank()) {
                report.finding("DISCONNECT 0x" + Integer.toHexString(p.reasonCode()) + " without a reason after " + inflight.peekLast().what());
            }
            return false;
        }
        if (p.type() != MqttPacket.PUBACK) {
            return true;
        }
        Sent s = inflight.poll();
        if (s == null || s.packetId() != p.packetId()) {
            report.finding("PUBACK " + p.packetId() + " out of order (expected " + (s == null ? "none" : s.packetId()) + ")");
            return true;
        }
        int rc = p.reasonCode();
        report.outcome(rc == 0 ? "accepted" : String.format("refused_0x%02x", rc));
        if (rc != 0 && (p.reasonString() == null || p.reasonString().isBlank())) {
            report.finding("refusal 0x" + Integer.toHexString(rc) + " without a reason for " + s.what());
        }
        if (rc == 0x80) {
            report.finding("unspecified server error for " + s.what() + ": " + p.reasonString());
        }
        return true;
    }

    private RawMqttClient reconnect(RawMqttClient old, ArrayDeque<Sent> inflight, FuzzReport report) throws IOException {
        old.close();
        inflight.clear(); // a publisher would resend these; the fuzzer moves on
        return connect();
    }

    private RawMqttClient connect() throws IOException {
        RawMqttClient c = RawMqttClient.connect(host, port, "fuzz-" + System.nanoTime(), site, secret);
        MqttPacket.Received ack = c.await(MqttPacket.CONNACK, TIMEOUT_MS);
        if (ack == null || ack.reasonCode() != 0) {
            throw new IOException("the hub did not accept the fuzzer's connection: " + ack);
        }
        return c;
    }
}
