package io.gmeye.hub.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.protocols.codec.Json;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.net.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real hub in this JVM for API tests: RocksDB in a temp dir, MQTT and HTTP on free loopback
 * ports, the sites of a generated district, and an admin whose password the test knows.
 */
public final class TestHub implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-pass-1";
    private final Hub hub;
    private final District district;
    private final List<SiteAgentClient> agents = new ArrayList<>();

    private TestHub(Hub hub, District district) {
        this.hub = hub;
        this.district = district;
    }

    public static TestHub start(Path dir, District district, Clock clock) throws Exception {
        return start(dir, district, clock, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #start(Path, District, Clock)}, with the configuration changed by {@code tune} (limits, say). */
    public static TestHub start(Path dir, District district, Clock clock, java.util.function.UnaryOperator<HubConfig> tune) throws Exception {
        List<HubConfig.SiteSection> sites = new ArrayList<>();
        for (District.SiteDef s : district.sites()) {
            sites.add(new HubConfig.SiteSection(s.id(), s.name(), s.secret(), null, s.tags()));
        }
        HubConfig config = new HubConfig(dir.toString(), new HubConfig.MqttSection("127.0.0.1", FreePorts.next(), null, null),
                new HubConfig.HttpSection("127.0.0.1", FreePorts.next()), sites,
                new HubConfig.AuthSection(Duration.ofMinutes(30), Duration.ofHours(8), ADMIN_PASSWORD)).withDeviceTypes(deviceTypes());
        Hub hub = Hub.start(tune.apply(config), clock).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return new TestHub(hub, district);
    }

    /** The repository's device types, which the agents load too. */
    public static String deviceTypes() {
        return Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath().resolve("config/device-types").toString();
    }

    public Hub hub() {
        return hub;
    }

    public District district() {
        return district;
    }

    public String base() {
        return "http://127.0.0.1:" + hub.httpPort();
    }

    public String mqttUrl() {
        return "tcp://127.0.0.1:" + hub.mqttPort();
    }

    /** Connects as the agent of a site, with its credentials. */
    public SiteAgentClient agent(String site) throws Exception {
        District.SiteDef s = district.sites().stream().filter(x -> x.id().equals(site)).findFirst().orElseThrow();
        SiteAgentClient c = new SiteAgentClient(mqttUrl(), s.id(), s.secret());
        agents.add(c);
        return c;
    }

    public Api anonymous() {
        return new Api(base(), null);
    }

    public Api login(String user, String password) throws Exception {
        Api.Response r = anonymous().post("/api/v1/auth/login", Json.mapper().writeValueAsString(java.util.Map.of("user", user, "password", password)));
        if (r.status() != 200) {
            throw new AssertionError("login of " + user + " failed: " + r.status() + " " + r.text());
        }
        return new Api(base(), r.json().get("token").asText());
    }

    public Api admin() throws Exception {
        return login("admin", ADMIN_PASSWORD);
    }

    /** Imports the district's registry as admin. */
    public void importRegistry(Api admin) throws Exception {
        Api.Response r = admin.post("/api/v1/registry/import", Json.mapper().writeValueAsString(district.registryImport()));
        if (r.status() != 200) {
            throw new AssertionError("import failed: " + r.status() + " " + r.text());
        }
    }

    /** Creates an account as admin and logs it in. */
    public Api user(Api admin, String name, String role, List<String> sites) throws Exception {
        Api.Response r = admin.post("/api/v1/users", Json.mapper().writeValueAsString(java.util.Map.of("name", name, "role", role, "sites", sites,
                "password", name + "-password")));
        if (r.status() != 200) {
            throw new AssertionError("creating " + name + " failed: " + r.status() + " " + r.text());
        }
        return login(name, name + "-password");
    }

    @Override
    public void close() {
        agents.forEach(SiteAgentClient::close);
        hub.close();
    }

    /** A small HTTP client for the API, logged in with a bearer token or anonymous. */
    public static final class Api {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String token;

        public Api(String base, String token) {
            this.base = base;
            this.token = token;
        }

        public String token() {
            return token;
        }

        public record Response(int status, byte[] body, String contentType) {
            public String text() {
                return new String(body, java.nio.charset.StandardCharsets.UTF_8);
            }

            public JsonNode json() {
                try {
                    return Json.mapper().readTree(body);
                } catch (IOException e) {
                    throw new AssertionError("not JSON (" + status + "): " + text());
                }
            }
        }

        public Response get(String path) throws Exception {
            return exchange("GET", path, null, null);
        }

        public Response post(String path, String json) throws Exception {
            return exchange("POST", path, json, "application/json");
        }

        public Response post(String path, String body, String contentType) throws Exception {
            return exchange("POST", path, body, contentType);
        }

        public Response put(String path, String json) throws Exception {
            return exchange("PUT", path, json, "application/json");
        }

        public Response delete(String path) throws Exception {
            return exchange("DELETE", path, null, null);
        }

        public Response send(String method, String path, String json) throws Exception {
            return exchange(method, path, json, json == null ? null : "application/json");
        }

        /** One exchange, checked against the OpenAPI document ({@link ApiContract}): a mismatch fails the test. */
        private Response exchange(String method, String path, String body, String contentType) throws Exception {
            URI uri = URI.create(base + path);
            Map<String, String> headers = new LinkedHashMap<>();
            if (contentType != null) {
                headers.put("content-type", contentType);
            }
            if (token != null) {
                headers.put("authorization", "Bearer " + token);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response out = new Response(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
            ApiContract.check(new ApiContract.Exchange(method, uri, headers,
                    body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), out.status(), out.contentType(), out.body()));
            return out;
        }
    }
}
