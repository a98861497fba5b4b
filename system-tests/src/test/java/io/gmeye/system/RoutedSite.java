package io.gmeye.system;

import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A site for the cluster's routing checks: a real agent (in this JVM) connected to one hub node
 * only, pulling one camera from the RTSP rig (event clips of 2 s + 2 s) and letting one MQTT lamp
 * in, so a snapshot, a live view, a clip or a device command asked through another node must be
 * routed to the node holding it.
 */
final class RoutedSite implements AutoCloseable {
    static final String SITE = "routed-site";
    static final String SECRET = "routed-secret";
    static final String CAMERA = "routed-cam";
    static final String LAMP = "routed-lamp";
    static final String LAMP_PASSWORD = "pw-routed-lamp";
    private static final String SALT = "routed-district-salt";
    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();

    final RtspCameraServer cameras;
    final Agent agent;

    private RoutedSite(RtspCameraServer cameras, Agent agent) {
        this.cameras = cameras;
        this.agent = agent;
    }

    /** The site's line in a hub.yaml's sites list. */
    static String hubYamlSite() {
        return "  - {id: " + SITE + ", secret: " + SECRET + "}\n";
    }

    /** Starts the camera rig and the agent, its uplink to the hub node whose MQTT port is {@code mqttPort}. */
    static RoutedSite start(Path dir, int mqttPort) throws Exception {
        Files.createDirectories(dir);
        RtspCameraServer cameras = RtspCameraServer.builder().mount(CAMERA, Clips.inTempDir().pattern(320, 240, 10, 10, 4)).start();
        try {
            Files.writeString(dir.resolve("devices.yaml"), "devices:\n  - {id: " + LAMP + ", type: streetlight, secret: \""
                    + DeviceSecret.hash(LAMP_PASSWORD) + "\"}\n");
            String yaml = DeviceAgentConfig.yaml(SITE, dir.resolve("agent"), mqttPort, SECRET, ROOT.resolve("config/device-types"),
                    dir.resolve("devices.yaml"), "  mqtt: {enabled: true, host: 127.0.0.1, port: 0}\n  coap: {enabled: false}\n")
                    + "cameras:\n  cameras:\n    - {id: " + CAMERA + ", url: \"" + cameras.url(CAMERA) + "\", transport: tcp, decode: ondemand}\n"
                    + "  clips: {preRoll: 2s, postRoll: 2s}\n"
                    + "checkpoint: {enabled: true, salt: " + SALT + "}\n"; // takes the district's whitelist
            AgentConfig config = new YamlConfigLoader("GMEYE_").loadString("agent.yaml", yaml, AgentConfig.class, Map.of());
            return new RoutedSite(cameras, Agent.start(config, Clock.systemUTC()));
        } catch (Exception | Error e) {
            cameras.close();
            throw e;
        }
    }

    /** The camera's RTSP address at the rig. */
    String cameraUrl() {
        return cameras.url(CAMERA);
    }

    /** A clip of the camera around now, made at the agent; its file once finished. */
    Path clip(String id) {
        ClipRef ref = agent.cameras().clips().request(id, CAMERA, System.currentTimeMillis()).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.cameras().clip(ref.id()).isPresent());
        return agent.cameras().clip(ref.id()).orElseThrow();
    }

    /** The agent's MQTT endpoint for devices. */
    String deviceUrl() {
        return "tcp://127.0.0.1:" + agent.devices().mqttPorts().get(0);
    }

    @Override
    public void close() {
        agent.close();
        cameras.close();
    }
}
