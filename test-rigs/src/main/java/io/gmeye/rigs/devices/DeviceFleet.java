package io.gmeye.rigs.devices;

import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceWire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The device estate of a site over real wires: sensors of every type on MQTT (Paho) and CoAP
 * (Californium) sending readings at a rate, with faults (bad payloads, flapping connections,
 * skewed device clocks), and checkpoint lanes where sentinels scan people and turnstiles obey
 * the agent and report passed or timeout.
 *
 * <pre>java -cp ... io.gmeye.rigs.devices.DeviceFleet --mqtt=tcp://127.0.0.1:1884 --coap=coap://127.0.0.1:5683 \
 *     --per-type=3 --checkpoints=4 --scan-rate=0.5 [--provision-only=true]</pre>
 */
public final class DeviceFleet implements AutoCloseable {
    private final FleetOptions o;
    private final Provisioning estate;
    private final Random rnd;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fleet");
        t.setDaemon(true);
        return t;
    });
    private final List<MqttSim> mqtt = new ArrayList<>();
    private final List<CoapSim> coap = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new LinkedHashMap<>();
    /** Readings that commands set (a lamp switched on stays on), by device id. */
    private final Map<String, Map<String, Object>> switched = new ConcurrentHashMap<>();

    public DeviceFleet(FleetOptions o, Provisioning estate) {
        this.o = o;
        this.estate = estate;
        this.rnd = new Random(o.seed() + 1);
        for (String k : List.of("sent", "stored", "refused", "failed", "scans", "opened", "denied", "passed", "timeout", "commands")) {
            counts.put(k, new AtomicLong());
        }
    }

    public static void main(String[] args) throws Exception {
        FleetOptions o = FleetOptions.parse(args);
        Provisioning estate = new Provisioning(o, SimType.load(o.types()));
        estate.writeRegistry(o.registryOut());
        estate.writeWhitelist(o.whitelistOut(), o.salt());
        System.out.println("RIG provisioned " + estate.devices().size() + " devices into " + o.registryOut() + ", "
                + estate.people().size() + " people into " + o.whitelistOut());
        if (List.of(args).contains("--provision-only=true")) {
            return;
        }
        try (DeviceFleet fleet = new DeviceFleet(o, estate)) {
            fleet.start();
            long end = o.durationSeconds() > 0 ? System.currentTimeMillis() + o.durationSeconds() * 1000 : Long.MAX_VALUE;
            while (System.currentTimeMillis() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
                System.out.println("RIG " + fleet.summary());
            }
        }
    }

    public void start() throws Exception {
        for (Provisioning.Sim d : estate.devices()) {
            if (d.coap()) {
                CoapSim c = new CoapSim(o.coap(), d.id());
                c.observeCommands((sim, cmd) -> {
                    counts.get("commands").incrementAndGet();
                    Map<String, Object> now = carryOut(d, cmd);
                    sim.post(true, Map.of("name", DeviceWire.COMMAND_RESULT, "data", result(cmd, now)))
                            .thenRun(() -> sendCoap(c, d));
                });
                coap.add(c);
                schedule(() -> sendCoap(c, d), o.interval());
                continue;
            }
            MqttSim m = new MqttSim(o.mqtt(), d.id(), d.secret(), (sim, cmd) -> obey(sim, d, cmd)).connect();
            mqtt.add(m);
            switch (d.type().type()) {
                case "sentinel" -> schedule(() -> scan(m), o.scanRate() > 0 ? 1 / o.scanRate() : 3600);
                case "turnstile" -> schedule(() -> status(m, Map.of("state", "closed")), 30);
                default -> {
                    schedule(() -> sendMqtt(m, d), o.interval());
                    if (rnd.nextDouble() < o.flapShare()) {
                        schedule(m::flap, 30 + rnd.nextInt(60));
                    }
                }
            }
        }
    }

    private void schedule(Runnable r, double everySeconds) {
        long period = Math.max(1, (long) (everySeconds * 1000));
        timers.scheduleAtFixedRate(() -> {
            try {
                r.run();
            } catch (Exception e) {
                counts.get("failed").incrementAndGet();
            }
        }, rnd.nextInt((int) Math.min(period, Integer.MAX_VALUE)), period, TimeUnit.MILLISECONDS);
    }

    private Map<String, Object> reading(Provisioning.Sim d) {
        Map<String, Object> body = new LinkedHashMap<>();
        long skew = o.skewSeconds() > 0 && d.id().hashCode() % 5 == 0 ? (long) ((rnd.nextDouble() * 2 - 1) * o.skewSeconds() * 1000) : 0;
        body.put("ts", System.currentTimeMillis() + skew);
        Map<String, Object> values = rnd.nextDouble() < o.badShare() ? d.type().badReading(rnd) : d.type().reading(rnd);
        values.putAll(switched.getOrDefault(d.id(), Map.of()));
        body.put("values", values);
        return body;
    }

    /**
     * What a command changes on the device: a streetlight switched on or off or dimmed reports so
     * from then on (the console shows the lamp switch). Returns the readings it set.
     */
    private Map<String, Object> carryOut(Provisioning.Sim d, DeviceCommandMessage cmd) {
        if (!d.type().type().equals("streetlight")) {
            return Map.of();
        }
        Map<String, Object> set = switched.computeIfAbsent(d.id(), k -> new ConcurrentHashMap<>());
        switch (cmd.name()) {
            case "turn_on" -> {
                set.put("on", true);
                set.put("dim", 100L);
            }
            case "turn_off" -> {
                set.put("on", false);
                set.put("dim", 0L);
            }
            case "dim" -> {
                long level = cmd.params().get("level") instanceof Number n ? n.longValue() : 100L;
                set.put("on", level > 0);
                set.put("dim", level);
            }
            default -> {
                return Map.of();
            }
        }
        return Map.copyOf(set);
    }

    private static Map<String, Object> result(DeviceCommandMessage cmd, Map<String, Object> readings) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", cmd.commandId());
        data.put("status", "succeeded");
        if (!readings.isEmpty()) {
            data.put("result", readings);
        }
        return data;
    }

    private void sendMqtt(MqttSim m, Provisioning.Sim d) {
        if (!m.connected()) {
            return;
        }
        try {
            counts.get("sent").incrementAndGet();
            m.publish("telemetry", reading(d)).setActionCallback(new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken t) {
                    int[] rc = t.getReasonCodes();
                    counts.get(rc != null && rc.length > 0 && rc[0] >= 0x80 ? "refused" : "stored").incrementAndGet();
                }

                @Override
                public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken t, Throwable e) {
                    counts.get(e instanceof org.eclipse.paho.mqttv5.common.MqttException me && me.getReasonCode() >= 0x80
                            && me.getReasonCode() != 32109 ? "refused" : "failed").incrementAndGet();
                }
            });
        } catch (Exception e) {
            counts.get("failed").incrementAndGet();
        }
    }

    private void sendCoap(CoapSim c, Provisioning.Sim d) {
        counts.get("sent").incrementAndGet();
        c.post(false, reading(d)).whenComplete((code, err) ->
                counts.get(err != null ? "failed" : code.startsWith("2.") ? "stored" : "refused").incrementAndGet());
    }

    private void status(MqttSim m, Map<String, Object> body) {
        try {
            if (m.connected()) {
                m.publish("status", body);
            }
        } catch (Exception e) {
            counts.get("failed").incrementAndGet();
        }
    }

    /** A person at the gate: mostly whitelisted, now and then a stranger, a red or yellow code, a fever. */
    private void scan(MqttSim sentinel) {
        if (!sentinel.connected()) {
            return;
        }
        String ref = rnd.nextDouble() < 0.03 ? String.format("1101%014d", rnd.nextLong(100_000_000_000_000L))
                : estate.people().get(rnd.nextInt(estate.people().size())).idNumber();
        double roll = rnd.nextDouble();
        String code = roll < 0.01 ? "red" : roll < 0.02 ? "yellow" : "green";
        double temperature = rnd.nextDouble() < 0.005 ? 38.1 : 36.0 + rnd.nextInt(10) / 10.0;
        try {
            counts.get("scans").incrementAndGet();
            sentinel.event(DeviceWire.SCAN, Map.of("credential", rnd.nextBoolean() ? "id_card" : "code", "ref", ref, "healthCode", code,
                    "temperature", temperature));
        } catch (Exception e) {
            counts.get("failed").incrementAndGet();
        }
    }

    /** Turnstiles open and report (remote_open too); other devices carry out commands and answer. */
    private void obey(MqttSim sim, Provisioning.Sim d, DeviceCommandMessage cmd) {
        if (DeviceWire.PONG.equals(cmd.name())) {
            return;
        }
        counts.get("commands").incrementAndGet();
        try {
            if (DeviceWire.OPEN.equals(cmd.name())) {
                counts.get("opened").incrementAndGet();
                boolean walksThrough = rnd.nextDouble() < 0.95;
                String outcome = walksThrough ? DeviceWire.PASSED : DeviceWire.TIMEOUT;
                timers.schedule(() -> {
                    try {
                        sim.event(outcome, Map.of("passId", cmd.params().get("passId")));
                        counts.get(outcome).incrementAndGet();
                    } catch (Exception e) {
                        counts.get("failed").incrementAndGet();
                    }
                }, walksThrough ? 300 + rnd.nextInt(500) : 3000, TimeUnit.MILLISECONDS);
            } else if (DeviceWire.DENY.equals(cmd.name())) {
                counts.get("denied").incrementAndGet();
            } else {
                Map<String, Object> now = carryOut(d, cmd);
                sim.event(DeviceWire.COMMAND_RESULT, result(cmd, now));
                if (!now.isEmpty()) {
                    sendMqtt(sim, d); // the new state at once, not at the next reading
                }
            }
        } catch (Exception e) {
            counts.get("failed").incrementAndGet();
        }
    }

    public Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public String summary() {
        StringBuilder sb = new StringBuilder("devices mqtt=" + mqtt.size() + " coap=" + coap.size());
        counts.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.get()));
        return sb.toString();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        mqtt.forEach(MqttSim::close);
        coap.forEach(CoapSim::close);
    }
}
