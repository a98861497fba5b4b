package io.gmeye.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.cluster.Leadership;
import io.gmeye.hub.cluster.SoleNode;
import io.gmeye.hub.cluster.TurnedLeadership;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LocalLog;
import io.gmeye.hub.log.LogAppliers;
import io.gmeye.hub.log.LogRecord;
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
    Node node;

    /** The operators' writes and the decisions of one node, in the store as its own log (the embedded hub's way). */
    private record Node(Commands writes, Commands decisions) {
    }

    @BeforeEach
    void open() {
        store = new RocksStore(dir, true, Metrics.NOOP);
        node = node();
        users = new Users(store, node.writes(), clock, new AuditLog(store));
        users.load();
        sessions = sessions(node, new SoleNode("test@1"));
    }

    private Node node() {
        LocalLog log = new LocalLog(store);
        Node n = new Node(new Commands(log, "test", clock), new Commands(log, "test", clock, LogRecord.Kind.DECISION));
        log.start(new LogAppliers().on(LogRecord.Kind.COMMAND, n.writes()).on(LogRecord.Kind.DECISION, n.decisions()));
        return n;
    }

    private Sessions sessions(Node node, Leadership leadership) {
        Sessions s = new Sessions(store, node.writes(), node.decisions(), leadership, users, clock, IDLE, MAX, Metrics.NOOP);
        s.load();
        return s;
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A new Sessions on the same store, as after a hub restart. */
    private Sessions restarted() {
        return sessions(node(), new SoleNode("test@2"));
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
        assertThat(later.principal(fresh)).as("refused at once after a restart").isEmpty();
        later.sweep().join();
        assertThat(later.size()).isZero();
        assertThat(storedKeys()).as("purged by the restarted node's first decision").isEmpty();
    }

    @Test
    void onlyTheLeaderForgetsAnExpiredSessionAndTheOthersRefuseItMeanwhile() {
        Sessions onFollower = sessions(node(), new TurnedLeadership(false));
        account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = onFollower.open(users.find("olga").orElseThrow()).join().token();
        clock.advance(MAX);
        onFollower.sweep().join();
        assertThat(onFollower.principal(token)).as("expired: refused by every node's clock").isEmpty();
        assertThat(storedKeys()).as("but forgotten only by the leader's decision").containsExactly(Sessions.hash(token));
        assertThat(onFollower.size()).isEqualTo(1);
    }

    @Test
    void aSessionUsedOnAnotherNodeAfterTheLeadersCutOffIsNotExpired() {
        account("olga", "pbkdf2-sha256:1:AAAA:AAAA");
        String token = sessions.open(users.find("olga").orElseThrow()).join().token();
        String hash = Sessions.hash(token);
        clock.advance(IDLE.plusMinutes(5));
        // another node saw a use 1 minute ago and wrote it to the log before the leader's decision (made on an older view) reached it
        Sessions.Session opened = StoredJson.read(store.get(Space.SESSIONS, Keys.bytes(hash)), Sessions.Session.class);
        Sessions.Session used = new Sessions.Session("olga", opened.createdAt(), clock.millis() - Duration.ofMinutes(1).toMillis(), opened.stamp());
        node.writes().submit("session.touch", LogRecord.HUB, new Sessions.Touch(hash, used)).join();
        sessions.decideExpiry(List.of(hash)).join();
        assertThat(storedKeys()).containsExactly(hash);
        assertThat(sessions.principal(token)).as("used a minute ago on another node").map(Principal::name).contains("olga");

        clock.advance(MAX);
        sessions.sweep().join();
        assertThat(storedKeys()).as("past its maximum age, whatever its use").isEmpty();
        assertThat(sessions.principal(token)).isEmpty();
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
