package io.gmeye.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LocalLog;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions on a real RocksDB store: what survives a restart, what is purged, what is never served. */
class SessionsTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration MAX = Duration.ofHours(8);
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T08:00:00Z"));
    RocksStore store;
    Users users;
    Sessions sessions;

    @BeforeEach
    void open() {
        store = new RocksStore(dir, true, Metrics.NOOP);
        Commands commands = commands();
        users = new Users(store, commands, clock, new AuditLog(store));
        users.load();
        sessions = new Sessions(store, commands, users, clock, IDLE, MAX, Metrics.NOOP);
        sessions.load();
    }

    /** The embedded hub's way of writing: commands applied through the store as its own log. */
    private Commands commands() {
        LocalLog log = new LocalLog(store);
        Commands c = new Commands(log, "test", clock);
        log.start(c);
        return c;
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A new Sessions on the same store, as after a hub restart. */
    private Sessions restarted() {
        Sessions s = new Sessions(store, commands(), users, clock, IDLE, MAX, Metrics.NOOP);
        s.load();
        return s;
    }

    private User account(String name, String passwordHash) {
        long now = clock.millis();
        return users.create("test", new User(name, null, Role.OPERATOR, List.of("site-001"), passwordHash, false, now, now)).join();
    }

    private List<String> storedKeys() {
        List<String> keys = new ArrayList<>();
        store.scan(Space.SESSIONS, new byte[0], false, (k, v) -> keys.add(Keys.text(k)));
        return keys;
    }

    @Test
    void keepsOnlyTheTokensHashAtRest() {
        account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = sessions.open(users.find("olga").orElseThrow()).join().token();
        List<String> keys = storedKeys();
        assertThat(keys).hasSize(1).doesNotContain(token);
        byte[] value = store.get(Space.SESSIONS, Keys.bytes(keys.get(0)));
        assertThat(new String(value)).doesNotContain(token);
        assertThat(StoredJson.read(value, Sessions.Session.class).user()).isEqualTo("olga");
        assertThat(restarted().principal(token)).map(Principal::name).contains("olga");
        assertThat(restarted().principal(keys.get(0))).as("the stored hash is no token").isEmpty();
    }

    @Test
    void aRestartKeepsTheLastStoredUseSoAnActiveSessionStaysOpen() throws InterruptedException {
        account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = sessions.open(users.find("olga").orElseThrow()).join().token();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.principal(token)).isPresent();
        clock.advance(Duration.ofMinutes(20)); // 40 min after login, 20 after the last use
        waitForStoredUse(token);
        assertThat(restarted().principal(token)).as("idle for 20 of 30 minutes").isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(restarted().principal(token)).as("idle for 31 minutes").isEmpty();
    }

    /** The use is written asynchronously; a restart sees it once the write is done. */
    private void waitForStoredUse(String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            byte[] v = store.get(Space.SESSIONS, Keys.bytes(Sessions.hash(token)));
            if (v != null && StoredJson.read(v, Sessions.Session.class).lastUsed() > StoredJson.read(v, Sessions.Session.class).createdAt()) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the session's use never reached the store");
    }

    @Test
    void expiredSessionsArePurgedFromTheStore() {
        account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String stale = sessions.open(users.find("olga").orElseThrow()).join().token();
        clock.advance(Duration.ofMinutes(29));
        String fresh = sessions.open(users.find("olga").orElseThrow()).join().token();
        clock.advance(Duration.ofMinutes(2));
        sessions.sweep().join();
        assertThat(storedKeys()).containsExactly(Sessions.hash(fresh));
        assertThat(sessions.principal(stale)).isEmpty();
        clock.advance(MAX);
        Sessions later = restarted();
        assertThat(later.size()).isZero();
        assertThat(storedKeys()).as("purged at start").isEmpty();
    }

    @Test
    void logoutForgetsTheSessionForGood() {
        account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = sessions.open(users.find("olga").orElseThrow()).join().token();
        sessions.close(token).join();
        assertThat(sessions.principal(token)).isEmpty();
        assertThat(restarted().principal(token)).isEmpty();
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void aChangedPasswordOrARemadeAccountNeverRevivesAnOldSession() {
        User olga = account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = sessions.open(olga).join().token();
        // the account changes without closeAll (as if the hub died between the two writes)
        users.update("test", new User("olga", null, Role.OPERATOR, List.of(), "pbkdf2-sha256:1:BBBB:BBBB", false, olga.createdAt(),
                clock.millis()), Map.of()).join();
        assertThat(sessions.principal(token)).isEmpty();

        User dora = account("dora", "pbkdf2-sha256:1:AAAA:AAAA");
        String doraToken = sessions.open(dora).join().token();
        users.delete("test", "dora").join();
        clock.advance(Duration.ofSeconds(1));
        account("dora", "pbkdf2-sha256:1:AAAA:AAAA");
        assertThat(restarted().principal(doraToken)).as("same name and password, a new account").isEmpty();
    }

    @Test
    void theRoleAndSitesComeFromTheAccountNotTheSession() {
        User olga = account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = sessions.open(olga).join().token();
        users.update("test", new User("olga", null, Role.VIEWER, List.of("site-002"), olga.passwordHash(), false, olga.createdAt(),
                clock.millis()), Map.of()).join();
        Principal p = restarted().principal(token).orElseThrow();
        assertThat(p.role()).isEqualTo(Role.VIEWER);
        assertThat(p.sites()).containsExactly("site-002");
        users.update("test", new User("olga", null, Role.VIEWER, List.of("site-002"), olga.passwordHash(), true, olga.createdAt(),
                clock.millis()), Map.of()).join();
        assertThat(sessions.principal(token)).as("disabled").isEmpty();
    }

    @Test
    void anAccountKeepsABoundedNumberOfSessions() {
        User olga = account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String first = sessions.open(olga).join().token();
        for (int i = 0; i < Sessions.MAX_PER_USER; i++) {
            clock.advance(Duration.ofSeconds(1));
            sessions.open(olga).join();
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_PER_USER);
        assertThat(storedKeys()).hasSize(Sessions.MAX_PER_USER).doesNotContain(Sessions.hash(first));
        assertThat(sessions.principal(first)).isEmpty();
    }
}
