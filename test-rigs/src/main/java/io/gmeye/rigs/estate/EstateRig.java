package io.gmeye.rigs.estate;

import io.gmeye.protocols.codec.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A district's agents over real MQTT: {@code ./run rig estate}. Prints the hub.yaml {@code sites}
 * block ({@code --sites-yaml}), or imports the registry through the hub's API as admin and then
 * keeps publishing as every site's agent: camera, device and agent health every 10 s, inspection
 * events with their snapshots, checkpoint passes and alerts.
 *
 * <pre>
 * EstateRig --scale small|district --sites-yaml
 * EstateRig --scale small --mqtt tcp://127.0.0.1:1883 --http http://127.0.0.1:8080 --admin-password P [--minutes 10] [--events-per-minute 20]
 * EstateRig --scale district --mqtt ... --http ... --admin-password P --load [--speed 12] [--start 07:00] [--minutes 0]
 * </pre>
 * {@code --load} drives the district at realistic rates ({@link EstateSim}): 200 sites (or {@code --sites N}), heartbeats
 * and health every 30 s, telemetry by device type, passes and inspection events following the time of day with rush
 * hours, on a virtual clock {@code --speed} times real time.
 * <pre>
 * </pre>
 */
public final class EstateRig {
    private EstateRig() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                a.put(args[i].substring(2), i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
            }
        }
        DistrictGenerator.Scale scale = "district".equals(a.get("scale")) ? EstateSim.DISTRICT_200 : DistrictGenerator.SMALL;
        if (a.containsKey("sites")) {
            scale = new DistrictGenerator.Scale(Integer.parseInt(a.get("sites")), scale.cameras(), scale.devices(), scale.checkpoints());
        }
        District d = DistrictGenerator.generate(scale, Long.parseLong(a.getOrDefault("seed", "1")));
        if (a.containsKey("sites-yaml")) {
            System.out.println("sites:");
            d.sites().forEach(s -> System.out.printf("  - {id: %s, name: \"%s\", secret: \"%s\", tags: %s}%n", s.id(), s.name(), s.secret(), s.tags()));
            return;
        }
        importRegistry(d, a.get("http"), a.getOrDefault("admin-user", "admin"), a.get("admin-password"));
        if (a.containsKey("load")) {
            // the district at realistic rates: heartbeats and health every 30 s, traffic following the time of day
            Map<String, String> secrets = new java.util.HashMap<>();
            d.sites().forEach(s -> secrets.put(s.id(), s.secret()));
            try (EstateSim sim = new EstateSim(d, EstateSim.Rates.DISTRICT, java.time.LocalTime.parse(a.getOrDefault("start", "07:30")),
                    Double.parseDouble(a.getOrDefault("speed", "1")))) {
                sim.start(a.get("mqtt"), secrets::get, java.time.Duration.ofMinutes(5));
                sim.runFor(Long.parseLong(a.getOrDefault("minutes", "0")));
            }
            return;
        }
        Traffic traffic = new Traffic(d, 1);
        List<SiteAgentClient> agents = new ArrayList<>();
        for (District.SiteDef s : d.sites()) {
            agents.add(new SiteAgentClient(a.get("mqtt"), s.id(), s.secret()));
        }
        System.out.println("estate rig: " + d.sites().size() + " site agents connected, " + d.cameras().size() + " cameras");
        long end = System.currentTimeMillis() + Long.parseLong(a.getOrDefault("minutes", "10")) * 60_000;
        double eventsPerTick = Double.parseDouble(a.getOrDefault("events-per-minute", "12")) / 6;
        Random r = new Random(1);
        try {
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                for (SiteAgentClient agent : agents) {
                    agent.publish(traffic.cameraHealth(agent.site(), 0.02 + r.nextDouble() * 0.02, now));
                    agent.publish(traffic.deviceHealth(agent.site(), 0.03, now));
                    agent.publish(traffic.agentHealth(agent.site(), 1, now));
                    for (District.CheckpointDef cp : d.checkpointsOf(agent.site())) {
                        agent.publish(traffic.pass(cp, 1, now));
                    }
                }
                for (int i = 0; i < eventsPerTick + (r.nextDouble() < eventsPerTick % 1 ? 1 : 0); i++) {
                    District.CameraDef cam = d.cameras().get(r.nextInt(d.cameras().size()));
                    SiteAgentClient agent = agents.get(d.sites().indexOf(d.sites().stream().filter(s -> s.id().equals(cam.site())).findFirst().orElseThrow()));
                    Traffic.EventWithSnapshots e = traffic.inspection(cam, DistrictGenerator.SCENES[r.nextInt(6)], now);
                    for (int k = 0; k < e.snapshots().size(); k++) {
                        agent.publishSnapshot(e.snapshots().get(k), e.jpegs().get(k));
                    }
                    agent.publish(e.event());
                }
                Thread.sleep(10_000);
            }
        } finally {
            agents.forEach(SiteAgentClient::close);
        }
    }

    public static void importRegistry(District d, String http, String user, String password) throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        HttpResponse<String> login = c.send(HttpRequest.newBuilder(URI.create(http + "/api/v1/auth/login")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(Map.of("user", user, "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login as " + user + " failed: " + login.body());
        }
        String token = Json.mapper().readTree(login.body()).get("token").asText();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(http + "/api/v1/registry/import")).header("content-type", "application/json")
                .header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(d.registryImport()))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("registry import refused: " + r.body());
        }
        System.out.println("estate rig: registry imported " + r.body());
    }
}
