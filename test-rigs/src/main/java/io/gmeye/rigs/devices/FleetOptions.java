package io.gmeye.rigs.devices;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the fleet simulates, from --name=value arguments.
 *
 * @param perType     sensors of each of the types (sentinels and turnstiles come from {@code checkpoints})
 * @param coapShare   share of sensors that speak CoAP instead of MQTT (0..1)
 * @param interval    seconds between two readings of one sensor
 * @param badShare    share of readings sent malformed or out of range
 * @param flapShare   share of MQTT sensors that drop and re-open their connection now and then
 * @param skewSeconds the largest offset of a device's own clock (its "ts"), to show the agent ignores it
 * @param checkpoints sentinel + turnstile pairs
 * @param scanRate    scans per second per sentinel (rush hour: 1 or more)
 * @param population  whitelisted people the scans draw from; ~2% of scans show a red or yellow code, ~3% are strangers
 */
public record FleetOptions(String mqtt, String coap, Path types, Path registryOut, Path whitelistOut, String salt, int perType,
                           double coapShare, double interval, double badShare, double flapShare, long skewSeconds, int checkpoints,
                           double scanRate, int population, long durationSeconds, long seed) {

    public static FleetOptions parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got '" + arg + "'");
            }
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new FleetOptions(a.getOrDefault("mqtt", "tcp://127.0.0.1:1884"), a.getOrDefault("coap", "coap://127.0.0.1:5683"),
                Path.of(a.getOrDefault("types", "config/device-types")), Path.of(a.getOrDefault("registry-out", "target/rig/devices.yaml")),
                Path.of(a.getOrDefault("whitelist-out", "target/rig/whitelist.json")), a.getOrDefault("salt", "demo-district-salt-0001"),
                Integer.parseInt(a.getOrDefault("per-type", "3")), Double.parseDouble(a.getOrDefault("coap-share", "0.3")),
                Double.parseDouble(a.getOrDefault("interval", "5")), Double.parseDouble(a.getOrDefault("bad-share", "0.01")),
                Double.parseDouble(a.getOrDefault("flap-share", "0.05")), Long.parseLong(a.getOrDefault("skew", "3600")),
                Integer.parseInt(a.getOrDefault("checkpoints", "4")), Double.parseDouble(a.getOrDefault("scan-rate", "0.5")),
                Integer.parseInt(a.getOrDefault("population", "1000")), Long.parseLong(a.getOrDefault("duration", "0")),
                Long.parseLong(a.getOrDefault("seed", "42")));
    }
}
