package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.store.Space;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators stay logged in across a hub restart: a real hub, a login over HTTP, the hub closed
 * and started again on the same data folder, the same token and cookie still work, while a
 * logged-out, idle or disabled one gets 401 and the account's current role and sites apply.
 */
class SessionsSurviveRestartIT {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
    final District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 5);

    @Test
    void aSessionOutlivesARestartUntilLogoutOrExpiry() throws Exception {
        String cookie;
        TestHub.Api olga;
        TestHub.Api dora;
        TestHub.Api loggedOut;
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            TestHub.Api admin = hub.admin();
            olga = hub.user(admin, "olga", "operator", List.of("site-001"));
            dora = hub.user(admin, "dora", "viewer", List.of());
            loggedOut = hub.login("olga", "olga-password");
            assertThat(loggedOut.post("/api/v1/auth/logout", "{}").status()).isEqualTo(200);
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.base() + "/api/v1/auth/login"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user\":\"olga\",\"password\":\"olga-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
            cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            assertThat(cookie).startsWith("gm_session=");
        }
        assertThat(filesContain(dir, olga.token())).as("the token is nowhere in the data folder").isFalse();
        assertThat(filesContain(dir, cookie.substring("gm_session=".length()))).isFalse();

        clock.advance(Duration.ofMinutes(10));
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            TestHub.Api same = new TestHub.Api(hub.base(), olga.token());
            TestHub.Api.Response me = same.get("/api/v1/auth/me");
            assertThat(me.status()).as(me.text()).isEqualTo(200);
            assertThat(me.json().get("user").asText()).isEqualTo("olga");
            assertThat(withCookie(hub, cookie).statusCode()).as("the cookie works too").isEqualTo(200);
            assertThat(new TestHub.Api(hub.base(), loggedOut.token()).get("/api/v1/auth/me").status()).as("logged out before").isEqualTo(401);

            TestHub.Api admin = hub.admin();
            assertThat(admin.put("/api/v1/users/olga", "{\"role\":\"viewer\",\"sites\":[\"site-002\"]}").status()).isEqualTo(200);
            me = same.get("/api/v1/auth/me");
            assertThat(me.json().get("role").asText()).as("the account as it is now").isEqualTo("viewer");
            assertThat(me.json().get("sites").get(0).asText()).isEqualTo("site-002");
            assertThat(same.get("/api/v1/cameras?site=site-001").status()).as("the old scope is gone").isEqualTo(403);
            assertThat(admin.put("/api/v1/users/dora", "{\"disabled\":true}").status()).isEqualTo(200);
            assertThat(new TestHub.Api(hub.base(), dora.token()).get("/api/v1/auth/me").status()).isEqualTo(401);

            assertThat(same.post("/api/v1/auth/logout", "{}").status()).isEqualTo(200);
            assertThat(same.get("/api/v1/auth/me").status()).isEqualTo(401);
            assertThat(withCookie(hub, cookie).statusCode()).isEqualTo(200); // another login of hers
        }

        clock.advance(Duration.ofMinutes(31)); // the idle time is 30 minutes
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            assertThat(withCookie(hub, cookie).statusCode()).as("idle too long").isEqualTo(401);
            assertThat(new TestHub.Api(hub.base(), olga.token()).get("/api/v1/auth/me").status()).as("logged out").isEqualTo(401);
            AtomicInteger stored = new AtomicInteger();
            hub.hub().store().scan(Space.SESSIONS, new byte[0], false, (k, v) -> stored.incrementAndGet() > 0);
            assertThat(stored.get()).as("expired sessions are purged, not kept").isZero();
        }
    }

    private static HttpResponse<String> withCookie(TestHub hub, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.base() + "/api/v1/auth/me")).header("cookie", cookie).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean filesContain(Path dir, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
