package io.gmeye.hub.config;

import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The hub's configuration file (hub.yaml). Environment variables override fields:
 * GMEYE_MQTT_PORT, GMEYE_HTTP_PORT, GMEYE_DATADIR...
 */
public record HubConfig(String dataDir, MqttSection mqtt, HttpSection http, List<SiteSection> sites, AuthSection auth) implements Validated {

    /**
     * Operators' sessions. {@code initialAdminPassword} sets the password of the admin account made
     * on first start (else a random one is printed once); it is ignored once any account exists.
     */
    public record AuthSection(Duration sessionIdle, Duration sessionMax, String initialAdminPassword) implements Validated {
        public AuthSection {
            sessionIdle = sessionIdle == null ? Duration.ofHours(12) : sessionIdle;
            sessionMax = sessionMax == null ? Duration.ofDays(7) : sessionMax;
        }

        @Override
        public void validate() {
            if (sessionIdle.toSeconds() < 60 || sessionMax.compareTo(sessionIdle) < 0) {
                throw new IllegalArgumentException("sessionIdle, sessionMax: need sessionIdle >= 1m and sessionMax >= sessionIdle");
            }
        }
    }

    /** Where agents connect. {@code tls} switches the listener to TLS; its {@code clientCa} asks agents for certificates. */
    public record MqttSection(String host, Integer port, Tls tls, Integer maxMessageBytes) implements Validated {
        public MqttSection {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 1883 : port;
            maxMessageBytes = maxMessageBytes == null ? 8 * 1024 * 1024 : maxMessageBytes;
        }

        @Override
        public void validate() {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: must be 0..65535, got " + port);
            }
        }
    }

    /** PEM files of the hub's certificate and key; {@code clientCa} set means mutual TLS. */
    public record Tls(String cert, String key, String clientCa) implements Validated {
        @Override
        public void validate() {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("cert, key: both are required for TLS");
            }
        }
    }

    public record HttpSection(String host, Integer port) {
        public HttpSection {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 8080 : port;
        }
    }

    /**
     * A site and its agent's credentials: {@code secret} in clear (demo, tests) or
     * {@code secretHash} as made by {@code ./run hub hash-secret} (pbkdf2-sha256:iterations:salt:hash).
     */
    public record SiteSection(String id, String name, String secret, String secretHash, List<String> tags) implements Validated {
        public SiteSection {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        @Override
        public void validate() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("id: is required");
            }
            if ((secret == null) == (secretHash == null)) {
                throw new IllegalArgumentException("site " + id + ": give exactly one of secret or secretHash");
            }
        }
    }

    public HubConfig {
        dataDir = dataDir == null ? "data/hub" : dataDir;
        mqtt = mqtt == null ? new MqttSection(null, null, null, null) : mqtt;
        http = http == null ? new HttpSection(null, null) : http;
        sites = sites == null ? List.of() : List.copyOf(sites);
        auth = auth == null ? new AuthSection(null, null, null) : auth;
    }

    /** Without an auth section: operators' sessions take their defaults. */
    public HubConfig(String dataDir, MqttSection mqtt, HttpSection http, List<SiteSection> sites) {
        this(dataDir, mqtt, http, sites, null);
    }

    @Override
    public void validate() {
        Set<String> seen = new HashSet<>();
        for (SiteSection s : sites) {
            if (s.id() != null && !seen.add(s.id())) {
                throw new IllegalArgumentException("sites: site " + s.id() + " is listed twice");
            }
        }
    }
}
