package io.gmeye.hub.estate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LocalLog;
import io.gmeye.hub.log.LogAppliers;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.RegistryImport;
import io.gmeye.hub.registry.Removal;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one estate model on a real store and the embedded log: what an agent reports, an admin
 * imports or removes, and what is decided about sites all reach the estate through its applier,
 * are published as a new snapshot before the writer hears back, and survive a restart; a reader
 * holding a snapshot keeps reading it unchanged.
 */
class EstateTest {
    static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
    static final String SITE = "site-1";

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);
    final EnvelopeCodec codec = new EnvelopeCodec();
    RocksStore store;
    LocalLog log;
    Estate estate;
    EstateApplier applier;
    IngestService ingest;
    SitePresence presence;

    void open() {
        store = new RocksStore(dir, true, Metrics.NOOP);
        log = new LocalLog(store);
        estate = new Estate(store, List.of(new HubConfig.SiteSection(SITE, "Site one", "secret-1", null, List.of())), 90_000, clock.millis());
        estate.load();
        applier = new EstateApplier(estate);
        ingest = new IngestService(store, log, "node-1", clock, Metrics.NOOP, 60_000);
        ingest.screen(applier::screen);
        ingest.register(applier);
        Commands decisions = new Commands(log, "node-1", clock, LogRecord.Kind.DECISION);
        presence = new SitePresence(estate, decisions);
        log.start(new LogAppliers().on(LogRecord.Kind.PUBLISH, ingest).on(LogRecord.Kind.DECISION, decisions)).join();
    }

    @AfterEach
    void close() {
        if (store != null) {
            log.close();
            store.close();
        }
    }

    @Test
    void aReportIsInTheEstateWhenItsWriterHearsBackAndASnapshotHeldBeforeStaysAsItWas() {
        open();
        EstateSnapshot before = estate.now();
        publish(new CameraHealthBatch(true, List.of(health("cam-1", false), health("cam-2", true))));

        EstateSnapshot after = estate.now();
        assertThat(after.camera("cam-1").agentOnline()).isTrue();
        assertThat(after.camera("cam-2").agentOnline()).isFalse();
        assertThat(after.camera("cam-1").entry().entry().auto()).as("registered on first sight").isTrue();
        assertThat(after.site(SITE).lastSeen()).isEqualTo(clock.millis());
        assertThat(before.camera("cam-1")).as("the snapshot a view held").isNull();
        assertThat(before.site(SITE).lastSeen()).isEqualTo(-1);
        assertThat(after.version()).isGreaterThan(before.version());

        clock.advance(Duration.ofMinutes(1));
        publish(new CameraHealthBatch(false, List.of(health("cam-2", false))));
        assertThat(estate.now().camera("cam-2").status().since()).as("changed at the second report").isEqualTo(clock.millis());
        assertThat(after.camera("cam-2").agentOnline()).as("still what it was in the held snapshot").isFalse();
        assertThat(estate.transitions().recent(TransitionKey.camera("cam-2"), Transition.class, 10)).extracting(Transition::to)
                .containsExactly("online", health("cam-2", true).state().wire());
    }

    @Test
    void aRemovedCameraLeavesEveryPartOfTheEstateAndAnOlderReportDoesNotBringItBack() {
        open();
        long t0 = clock.millis();
        publish(new CameraHealthBatch(true, List.of(health("cam-1", false), health("cam-2", false))));
        clock.advance(Duration.ofMinutes(10));
        CameraEntry cam2 = estate.now().camera("cam-2").entry().entry();
        write(new WriteJob<Removal>() {
            final Removal r = new Removal("admin", clock.millis(), 0, List.of(cam2), List.of());

            @Override
            public Removal apply(WriteTx tx) {
                applier.remove(tx, r);
                return r;
            }

            @Override
            public void committed(Removal done) {
                applier.removed(done);
            }
        });
        assertThat(estate.now().camera("cam-2")).isNull();
        assertThat(estate.now().removedCamera("cam-2").at()).isEqualTo(clock.millis());
        assertThat(estate.now().cameraOrRemoved("cam-2").entry().id()).as("kept aside for the history").isEqualTo("cam-2");

        publishAt(t0 + 60_000, new CameraHealthBatch(false, List.of(health("cam-2", false)))); // an outbox replay made before the removal
        assertThat(estate.now().camera("cam-2")).isNull();

        close();
        open(); // and after a restart the store says the same
        assertThat(estate.now().camera("cam-2")).isNull();
        assertThat(estate.now().camera("cam-1").agentOnline()).isTrue();
        assertThat(estate.now().removedCamera("cam-2")).isNotNull();
    }

    @Test
    void anImportNamesCamerasWithoutLosingTheirState() {
        open();
        publish(new CameraHealthBatch(true, List.of(health("cam-1", false))));
        RegistryImport in = new RegistryImport(List.of(new io.gmeye.hub.registry.Tag("area/north", "北", "North")), List.of(),
                List.of(new CameraEntry("cam-1", SITE, "Gate camera", "dome", List.of("area/north"), null, null, false)), List.of(), List.of());
        write(new WriteJob<Void>() {
            @Override
            public Void apply(WriteTx tx) {
                applier.register(tx, in);
                return null;
            }

            @Override
            public void committed(Void v) {
                applier.registered(in);
            }
        });
        Camera c = estate.now().camera("cam-1");
        assertThat(c.entry().entry().name()).isEqualTo("Gate camera");
        assertThat(c.entry().has(estate.now().tagFilter("area"))).as("a tag's ancestors match too").isTrue();
        assertThat(c.agentOnline()).as("its reported state stays").isTrue();
    }

    @Test
    void aSilenceIsDecidedOnceAndADecisionThatNoLongerHoldsChangesNothing() {
        open();
        publish(new CameraHealthBatch(true, List.of(health("cam-1", false))));
        presence.decide(new SitePresence.Connected(SITE, "node-1@a", -1)).join();
        assertThat(estate.now().site(SITE).connected()).isTrue();
        long lastWord = clock.millis();
        clock.advance(Duration.ofMinutes(5));
        presence.decide(new SitePresence.Disconnected(SITE, "node-2@b", false)).join();
        assertThat(estate.now().site(SITE).holder()).as("a node that does not hold the agent cannot end its connection").isEqualTo("node-1@a");
        presence.decide(new SitePresence.Disconnected(SITE, "node-1@a", false)).join();
        long down = clock.millis();
        assertThat(estate.now().site(SITE).connected()).isFalse();

        clock.advance(Duration.ofMinutes(5));
        presence.decide(new SitePresence.Silent(SITE, lastWord + 90_000, 90_000)).join();
        assertThat(estate.now().site(SITE).silentSince()).as("judged on a state older than the disconnect").isEqualTo(-1);
        presence.decide(new SitePresence.Silent(SITE, down + 90_000, 90_000)).join();
        presence.decide(new SitePresence.Silent(SITE, down + 120_000, 90_000)).join(); // a second leader, a moment later
        assertThat(estate.now().site(SITE).silentSince()).isEqualTo(down + 90_000);

        clock.advance(Duration.ofMinutes(5));
        presence.decide(new SitePresence.Connected(SITE, "node-2@b", -1)).join();
        assertThat(estate.now().site(SITE).silences()).containsExactly(down + 90_000, clock.millis());
        assertThat(estate.transitions().recent(TransitionKey.site(SITE), Transition.class, 10)).extracting(Transition::to)
                .containsExactly("alive", "silent");

        long end = clock.millis();
        close();
        open();
        assertThat(estate.now().site(SITE).silences()).as("read back after a restart").containsExactly(down + 90_000, end);
        assertThat(estate.now().site(SITE).holder()).isEqualTo("node-2@b");
    }

    private static CameraHealth health(String camera, boolean down) {
        return Traffic.cameraHealth(camera, down, T0.toEpochMilli());
    }

    private void publish(Body body) {
        publishAt(clock.millis(), body);
    }

    private void publishAt(long ts, Body body) {
        List<io.gmeye.protocols.codec.Decoded> one = new ArrayList<>();
        one.add(codec.decodeWithRaw(codec.encode(Envelope.create(SITE, "agent", ts, body))));
        ingest.store(one).join();
    }

    private <R> R write(WriteJob<R> job) {
        return store.write(job).join();
    }
}
